package oolong.qmp.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import oolong.qmp.VirtualMachine;
import oolong.qmp.VmConfig;

/**
 * QMP benchmark (run by scripts/bench-qmp): query-status round trips, sequential and from 8
 * threads, and QEMU start to QMP-ready, against real QEMU in its firmware.
 *
 * usage: QmpBenchmark [CALLS]   (default 10000)
 */
public final class QmpBenchmark {
    private QmpBenchmark() {
    }

    static String percentiles(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return String.format(Locale.ROOT, "p50 %6.1f us   p99 %7.1f us   max %8.1f us", s[s.length / 2] / 1e3,
                s[(int) (s.length * 0.99)] / 1e3, s[s.length - 1] / 1e3);
    }

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        long[] starts = new long[7];
        for (int i = 0; i < starts.length; i++) {
            long t0 = System.nanoTime();
            try (VirtualMachine vm = VirtualMachine.start(new VmConfig())) {
                starts[i] = System.nanoTime() - t0;
            }
        }
        try (VirtualMachine vm = VirtualMachine.start(new VmConfig())) {
            for (int i = 0; i < 1000; i++) {
                vm.qmp().call("query-status");
            }
            long[] seq = new long[calls];
            for (int i = 0; i < calls; i++) {
                long t0 = System.nanoTime();
                vm.qmp().call("query-status");
                seq[i] = System.nanoTime() - t0;
            }
            ExecutorService pool = Executors.newFixedThreadPool(8);
            long[] par = new long[calls];
            long wall0 = System.nanoTime();
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                fs.add(pool.submit(() -> {
                    for (int i = thread; i < calls; i += 8) {
                        long t0 = System.nanoTime();
                        vm.qmp().call("query-status", java.util.Map.of(), Duration.ofSeconds(10));
                        par[i] = System.nanoTime() - t0;
                    }
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
            long wall = System.nanoTime() - wall0;
            pool.shutdown();
            System.out.printf(Locale.ROOT, "QMP benchmark, QEMU %s, %d calls each%n", vm.qmp().qemuVersion(), calls);
            System.out.println("  query-status, sequential:    " + percentiles(seq));
            System.out.println("  query-status, 8 threads:     " + percentiles(par)
                    + String.format(Locale.ROOT, "   (%.0f calls/s)", calls / (wall / 1e9)));
        }
        System.out.println("  QEMU start to QMP ready:     " + String.format(Locale.ROOT, "median %.1f ms over %d starts",
                median(starts) / 1e6, starts.length));
    }

    static double median(long[] xs) {
        long[] s = xs.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
