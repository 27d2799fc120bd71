package oolong.user.kbench;

import oolong.user.sys.Sys;

/**
 * How the cost of creating a process grows with the number of processes alive:
 * {@code forkscale [COUNT] [BATCH] [hold]} forks COUNT children (default 10,000) that sleep until killed,
 * timing every BATCH forks (default 100): "forkscale: N alive: X ns per fork (BATCH forks)". A fork
 * is timed from the call until the child has run to its sleep (the parent awaits a byte from it
 * over a pipe, into a stack local: Sys.readByte), so the scheduler's work for the new process
 * counts too. Then it kills them all (filicide), collects them and prints "forkscale: done"; with
 * {@code hold} it first prints "forkscale: holding N" and sleeps until killed, so that the tree can
 * be looked at (the scale benchmark measures ps and the kernel's memory then). scripts/bench-scale reads the lines.
 */
public final class ForkScale {
    private ForkScale() {
    }

    public static int main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int batch = args.length > 1 ? Math.max(1, Integer.parseInt(args[1])) : 100;
        boolean hold = args.length > 2 && args[2].equals("hold");
        int[] ready = new int[2];
        if (Sys.pipe(ready) < 0) {
            System.out.println("forkscale: pipe failed");
            return 1;
        }
        byte[] b = new byte[1];
        long t0 = Sys.clockNanos();
        for (int i = 1; i <= count; i++) {
            long pid = Sys.fork(0);
            if (pid == 0) {
                Sys.write(ready[1], b, 0, 1);
                while (true) {
                    Sys.sleep(3_600_000);
                }
            }
            if (pid < 0) {
                System.out.println("forkscale: fork " + i + " failed with " + pid);
                break;
            }
            Sys.readByte(ready[0]);      /* not into b: each child would keep a copy of b's heap page */
            if (i % batch == 0) {
                long t = Sys.clockNanos();
                System.out.println("forkscale: " + i + " alive: " + (t - t0) / batch + " ns per fork (" + batch + " forks)");
                t0 = Sys.clockNanos();
            }
        }
        if (hold) {
            System.out.println("forkscale: holding " + count);
            while (true) {
                Sys.sleep(3_600_000);
            }
        }
        Sys.filicide();
        while (Sys.await() != -1) {
            /* collect every child */
        }
        System.out.println("forkscale: done");
        return 0;
    }
}
