package oolong.user.programs;

import oolong.user.sys.Sys;

/**
 * The first process. Runs the commands it is given (one per argument, words separated by
 * spaces: {@code init "tree 3 2" "spin"}) as children, then awaits children forever, reaping
 * whatever dies. With {@code --exit} as the first argument it instead waits for the commands
 * to finish and exits with the first non-zero status (the kernel then shuts the machine down
 * with a matching exit status): that is how {@code scripts/oolong test-guest} runs ktest.
 */
public final class Init {
    private Init() {
    }

    public static int main(String[] args) {
        boolean exitWhenDone = args.length > 0 && args[0].equals("--exit");
        int started = 0;
        for (int i = exitWhenDone ? 1 : 0; i < args.length; i++) {
            String[] argv = args[i].trim().split(" +");
            if (argv.length == 0 || argv[0].isEmpty()) {
                continue;
            }
            long pid = Sys.spawn(argv);
            if (pid < 0) {
                System.out.println("init: cannot start '" + args[i] + "': " + oolong.api.Errno.name(pid)
                        + (pid == -oolong.api.Errno.ENOENT ? " (programs: " + String.join(", ", oolong.api.Programs.NAMES) + ")" : ""));
                if (exitWhenDone) {
                    return 127;
                }
                continue;
            }
            started++;
        }
        if (exitWhenDone) {
            int status = 0;
            for (int i = 0; i < started; i++) {
                long code = Sys.await();
                if (code != 0 && status == 0) {
                    status = (int) code;
                }
            }
            return status;
        }
        while (true) {
            if (Sys.await() == -1) {
                Sys.sleep(1000);     /* no children right now; the REPL may spawn more */
            }
        }
    }
}
