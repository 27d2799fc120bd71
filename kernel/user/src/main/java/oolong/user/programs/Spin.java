package oolong.user.programs;

import oolong.user.sys.Sys;

/**
 * CPU-bound work that reports progress: {@code spin [ROUNDS] [QUIET]}. Each round is 2^22
 * iterations of a small hash; it prints a line every 8 rounds unless QUIET, runs ROUNDS rounds
 * (0 or absent: forever) and exits 0.
 */
public final class Spin {
    private Spin() {
    }

    public static int main(String[] args) {
        long rounds = args.length > 0 ? Long.parseLong(args[0]) : 0;
        boolean quiet = args.length > 1;
        int pid = Sys.getpid();
        long start = Sys.clockNanos();
        long h = pid;
        for (long round = 1; rounds == 0 || round <= rounds; round++) {
            for (int i = 0; i < (1 << 22); i++) {
                h = h * 6364136223846793005L + 1442695040888963407L;
            }
            if (!quiet && round % 8 == 0) {
                System.out.println("spin " + pid + ": round " + round + " after "
                        + (Sys.clockNanos() - start) / 1_000_000 + " ms (" + Long.toHexString(h & 0xFFFF) + ")");
            }
        }
        return 0;
    }
}
