package oolong.user.programs;

import oolong.user.sys.Sys;

/**
 * Process churn: {@code churn [COUNT]}: forks a child that exits at once and awaits it, COUNT times
 * (0 or absent: until killed), then exits 0. Keeps the kernel creating and freeing processes, the
 * load under which scripts/bench-gc records the kernel's GC pauses.
 */
public final class Churn {
    private Churn() {
    }

    public static int main(String[] args) {
        long count = args.length > 0 ? Long.parseLong(args[0]) : 0;
        for (long i = 0; count == 0 || i < count; i++) {
            long pid = Sys.fork(0);
            if (pid == 0) {
                Sys.exit(0);
            }
            if (pid < 0) {
                Sys.sleep(10);      /* out of memory or pids for now: let others finish */
            } else {
                Sys.await();
            }
        }
        return 0;
    }
}
