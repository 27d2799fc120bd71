package oolong.repl.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import oolong.qmp.VmConfig;
import oolong.repl.api.Checks;
import oolong.repl.api.DumpFile;
import oolong.repl.api.Kernel;
import oolong.repl.api.Machine;
import oolong.repl.api.ProcessTree;
import oolong.repl.session.Session;

/**
 * The introspection benchmark (scripts/bench-introspect; docs/perf.md), against the real kernel in
 * QEMU/TCG, each figure beside its anchor measured in the same run:
 * <ul>
 * <li>{@code vm.core().ps()} (QMP memory reads) against {@code k.ps()} (the agent) at ~100 and
 * ~1,000 processes;
 * <li>{@code vm.backtrace()}, cold (addr2line's first run) and warm, against the agent's ping;
 * <li>{@code vm.dump()} against {@code vm.snapshot()}: time and file size, with ~1,000 processes.
 * </ul>
 * usage: IntrospectionBenchmark [REPETITIONS]   (default 20)
 */
public final class IntrospectionBenchmark {
    private IntrospectionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Path images = Path.of(System.getProperty("oolong.images", "boot/target/images"));
        VmConfig config = new VmConfig().kernel(images.resolve("kernel.elf")).module(images.resolve("user.elf").toString());
        Session session = new Session(config, null);
        session.boot();
        Path dir = Files.createTempDirectory("oolong-bench-introspect-");
        try {
            Machine vm = new Machine(session, images);
            Kernel k = new Kernel(session::agent, vm, new Checks());
            vm.core().ps();      /* loads the images' debug information once */

            int small = k.spawn("tree", "2", "10");
            int n = ReplBenchmark.waitForProcesses(k, 112);
            compare(k, vm, n, reps);
            k.kill(small, 0);
            k.filicide(small);
            ReplBenchmark.waitForProcesses(k, 0);
            int big = k.spawn("tree", "9", "2");
            n = ReplBenchmark.waitForProcesses(k, 1024);
            compare(k, vm, n, Math.max(5, reps / 2));

            long[] ping = ReplBenchmark.time(reps * 5, k::ping);
            long t0 = System.nanoTime();
            vm.backtrace();
            long cold = System.nanoTime() - t0;
            long[] bt = ReplBenchmark.time(reps, vm::backtrace);
            System.out.printf(Locale.ROOT, "backtrace (%d frames)       cold %.1f ms (addr2line's first run); warm %s"
                    + "  = %.1fx the agent's ping (%s)%n", vm.backtrace().frames().size(), cold / 1e6,
                    ReplBenchmark.percentiles(bt), median(bt) / median(ping), ReplBenchmark.percentiles(ping));

            long s0 = System.nanoTime();
            Path state = session.snapshot("bench");
            long snap = System.nanoTime() - s0;
            DumpFile dump = vm.dump(dir.resolve("bench.core").toString());
            System.out.printf(Locale.ROOT, "snapshot (%d processes)    %6.0f ms  %8.1f MiB%n", n, snap / 1e6,
                    Files.size(state) / 1048576.0);
            System.out.printf(Locale.ROOT, "dump (ELF core)             %6.0f ms  %8.1f MiB (%.1f MiB of disk blocks)"
                    + "  = %.1fx the snapshot's time, %.1fx its size%n", dump.millis() * 1.0, dump.bytes() / 1048576.0,
                    allocatedMiB(dump.path()), dump.millis() * 1e6 / snap, dump.bytes() * 1.0 / Files.size(state));
            k.kill(big, 0);
        } finally {
            session.close();
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    static void compare(Kernel k, Machine vm, int n, int reps) {
        ProcessTree a = k.ps();
        ProcessTree b = vm.core().ps();
        if (!a.sameAs(b)) {
            throw new AssertionError("the trees differ: " + a.differences(b));
        }
        long[] agent = ReplBenchmark.time(reps, k::ps);
        long[] core = ReplBenchmark.time(reps, () -> vm.core().ps());
        System.out.printf(Locale.ROOT, "ps of %4d processes: agent %s | vm.core() %s | core/agent %.2f%n", n,
                ReplBenchmark.percentiles(agent), ReplBenchmark.percentiles(core), median(core) / median(agent));
    }

    static double median(long[] v) {
        return ReplBenchmark.sorted(v)[v.length / 2];
    }

    /** Disk space a file really takes (it may be sparse): stat's block count. */
    static double allocatedMiB(Path file) throws Exception {
        Process p = new ProcessBuilder("stat", "-c", "%b %B", file.toString()).start();
        String[] out = new String(p.getInputStream().readAllBytes()).trim().split(" ");
        p.waitFor();
        return Long.parseLong(out[0]) * Long.parseLong(out[1]) / 1048576.0;
    }
}
