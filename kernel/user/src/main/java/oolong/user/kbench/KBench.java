package oolong.user.kbench;

import oolong.api.MemFlags;
import oolong.user.sys.Sys;
import org.teavm.interop.Address;

/**
 * In-guest kernel benchmarks, timed with the kernel's TSC clock: system-call round trip, pipe round
 * trip between two processes (two context switches each), context switch (two processes yielding
 * to each other), fork + exit + await (also after touching 64 and 1,024 pages, the cost of copying
 * the mappings), and spawn + exit + await of a fresh program. Prints one line per measure:
 * "kbench NAME: N ns/op (COUNT ops, M ms)". scripts/bench-linux runs the same workloads on Linux
 * (bench/src/main/c/kbench-linux.c, same names and counts) and pairs the rows by name.
 *
 * usage: kbench [SCALE]   (SCALE multiplies the iteration counts; default 1)
 */
public final class KBench {
    private KBench() {
    }

    public static int main(String[] args) {
        int scale = args.length > 0 ? Math.max(1, Integer.parseInt(args[0])) : 1;
        System.out.println("kbench: pid " + Sys.getpid() + ", scale " + scale);
        report("syscall (getpid)", 20_000 * scale, KBench::syscalls);
        report("pipe round trip (2 switches)", 2_000 * scale, KBench::pipeRoundTrips);
        report("context switch (yield ping-pong)", 5_000 * scale, KBench::yieldPingPong);
        report("fork + exit + await", 200 * scale, KBench::forks);
        touchedPages = 64;
        report("fork + exit + await, 64 pages touched", 200 * scale, KBench::forksTouched);
        touchedPages = 1024;
        report("fork + exit + await, 1024 pages touched", 100 * scale, KBench::forksTouched);
        report("spawn + exit + await", 20 * scale, KBench::spawns);
        return 0;
    }

    interface Body {
        void run(int n);
    }

    private static void report(String name, int n, Body body) {
        body.run(Math.max(1, n / 10));            /* warm up */
        long t0 = Sys.clockNanos();
        body.run(n);
        long ns = Sys.clockNanos() - t0;
        System.out.println("kbench " + name + ": " + ns / n + " ns/op (" + n + " ops, " + ns / 1_000_000 + " ms)");
    }

    private static void syscalls(int n) {
        for (int i = 0; i < n; i++) {
            Sys.getpid();
        }
    }

    private static void pipeRoundTrips(int n) {
        int[] there = new int[2];
        int[] back = new int[2];
        Sys.pipe(there);
        Sys.pipe(back);
        long pid = Sys.fork(0);
        byte[] b = new byte[1];
        if (pid == 0) {
            for (int i = 0; i < n; i++) {
                Sys.read(there[0], b, 0, 1);
                Sys.write(back[1], b, 0, 1);
            }
            Sys.exit(0);
        }
        for (int i = 0; i < n; i++) {
            Sys.write(there[1], b, 0, 1);
            Sys.read(back[0], b, 0, 1);
        }
        Sys.await();
        for (int h : new int[] {there[0], there[1], back[0], back[1]}) {
            Sys.close(h);
        }
    }

    /**
     * Two processes yield to each other n/2 times each: n switches in all when the policy hands
     * the CPU to the other runnable process on yield (round robin: boot with sched=round-robin;
     * under the seed's policy a yield keeps the current process and this measures a bare yield).
     */
    private static void yieldPingPong(int n) {
        long pid = Sys.fork(0);
        for (int i = 0; i < n / 2; i++) {
            Sys.yield();
        }
        if (pid == 0) {
            Sys.exit(0);
        }
        Sys.await();
    }

    private static void forks(int n) {
        for (int i = 0; i < n; i++) {
            long pid = Sys.fork(0);
            if (pid == 0) {
                Sys.exit(0);
            }
            Sys.await();
        }
    }

    private static final long PAGE = 4096;
    private static int touchedPages;

    /** fork + exit + await with {@link #touchedPages} private pages mapped and written first. */
    private static void forksTouched(int n) {
        long length = touchedPages * PAGE;
        long base = Sys.memflag(0x6000_0000L, length, MemFlags.FINDFREE | MemFlags.PRESENT);
        if (base < 0) {
            throw new IllegalStateException("memflag failed: " + base);
        }
        for (long off = 0; off < length; off += PAGE) {
            Address.fromLong(base + off).putByte((byte) 1);
        }
        forks(n);
        Sys.memflag(base, length, 0);
    }

    private static void spawns(int n) {
        for (int i = 0; i < n; i++) {
            Sys.spawn("sleeper", "0");
            Sys.await();
        }
    }
}
