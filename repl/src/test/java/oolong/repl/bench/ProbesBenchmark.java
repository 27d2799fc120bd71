package oolong.repl.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import oolong.api.Syscall;
import oolong.api.probe.Event;
import oolong.api.probe.Maps;
import oolong.api.probe.Probe;
import oolong.qmp.VmConfig;
import oolong.repl.api.Kernel;
import oolong.repl.api.ProbeHandle;
import oolong.repl.session.Session;

/**
 * What hooks cost (docs/perf.md, "Probes"), side by side in one run against the real kernel in
 * QEMU (TCG): kbench's null system call (getpid) on the base revision's kernel, on the current
 * kernel with nothing attached, and on the current kernel with a counting probe on syscall:enter;
 * the three booted in turn, round after round, in a rotating order. Then, on the current kernel,
 * the latency of attaching (and of detaching) a probe against an agent ping.
 *
 * Two clocks, as in {@link PolicyVmBenchmark}: counted (QEMU's -icount shift=0: one guest
 * nanosecond per guest instruction, so the figures are instruction counts, exact whatever the
 * host's load) and wall (plain TCG, as loaded as the host is).
 *
 * usage: ProbesBenchmark BASE_IMAGES CURRENT_IMAGES [ROUNDS]   (default 3 rounds on each clock)
 */
public final class ProbesBenchmark {
    private ProbesBenchmark() {
    }

    /** The counting probe of the "attached" column. */
    public static final class CountGetpid implements Probe {
        @Override
        public void fire(Event e, Maps m) {
            if (e.arg(0) == Syscall.GETPID) {
                m.add(0, e.pid(), 1);
            }
        }
    }

    static final Pattern NULL_CALL = Pattern.compile("kbench syscall \\(getpid\\): (\\d+) ns/op \\((\\d+) ops");
    static final int SCALE = 5;

    static double median(List<Double> xs) {
        double[] s = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    public static void main(String[] args) throws Exception {
        Path base = Path.of(args[0]);
        Path current = Path.of(args[1]);
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        System.out.println("host load average before: " + Files.readString(Path.of("/proc/loadavg")).trim());
        nullCall(base, current, rounds, true);
        nullCall(base, current, rounds, false);
        attachLatency(current);
        System.out.println("host load average after: " + Files.readString(Path.of("/proc/loadavg")).trim());
    }

    /** kbench's getpid in the three configurations; prints medians and ratios to the base. */
    static void nullCall(Path base, Path current, int rounds, boolean counted) throws Exception {
        String[] names = {"base revision", "current, nothing attached", "current, counting probe attached"};
        List<List<Double>> ns = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int round = 0; round < rounds; round++) {
            for (int turn = 0; turn < 3; turn++) {
                int which = (round + turn) % 3;
                ns.get(which).add(kbenchNullCall(which == 0 ? base : current, which == 2, counted));
            }
        }
        System.out.printf(Locale.ROOT, "%n== null system call (kbench getpid, %d calls), %s, median of %d boots ==%n",
                20_000 * SCALE, counted ? "counted clock (-icount shift=0: guest instructions)" : "wall clock", rounds);
        double anchor = median(ns.get(0));
        for (int i = 0; i < 3; i++) {
            double m = median(ns.get(i));
            System.out.printf(Locale.ROOT, "%-36s %8.0f ns/call  %6.3f x base   %s%n", names[i], m, m / anchor, ns.get(i));
        }
        double detached = median(ns.get(1));
        System.out.printf(Locale.ROOT, "probe attached / nothing attached: %.3f; the probe adds %.0f ns per call%n",
                median(ns.get(2)) / detached, median(ns.get(2)) - detached);
    }

    static double kbenchNullCall(Path images, boolean probe, boolean counted) throws Exception {
        VmConfig config = new VmConfig().kernel(images.resolve("kernel.elf")).module(images.resolve("user.elf").toString());
        if (counted) {
            config.extraArg("-icount").extraArg("shift=0");
        }
        try (Session session = new Session(config, null)) {
            session.boot();
            Kernel k = new Kernel(session::agent);
            if (probe) {
                k.sched().cpuLimit(100);    /* kbench's tight loop would spend most of its time in the probe: over the default bound */
            }
            ProbeHandle h = probe ? k.probe("syscall:enter", CountGetpid.class) : null;
            int pid = k.spawn("kbench", String.valueOf(SCALE));
            Matcher m = session.vm().awaitSerial(NULL_CALL, Duration.ofSeconds(300));
            double perCall = Double.parseDouble(m.group(1));
            if (h != null) {
                long counted2 = h.map().getOrDefault((long) pid, 0L);
                if (counted2 < 20_000L * SCALE) {
                    throw new IllegalStateException("the probe counted " + counted2 + " getpid calls of kbench, fewer than it made");
                }
            }
            return perCall;
        }
    }

    /** Attaching and detaching a probe, against the agent's ping, on one booted kernel. */
    static void attachLatency(Path current) throws Exception {
        VmConfig config = new VmConfig().kernel(current.resolve("kernel.elf")).module(current.resolve("user.elf").toString());
        try (Session session = new Session(config, null)) {
            session.boot();
            Kernel k = new Kernel(session::agent);
            List<Double> ping = new ArrayList<>();
            List<Double> attach = new ArrayList<>();
            List<Double> detach = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                long t0 = System.nanoTime();
                k.ping();
                long t1 = System.nanoTime();
                ProbeHandle h = k.probe("syscall:enter", CountGetpid.class);
                long t2 = System.nanoTime();
                k.detach(h.id());
                long t3 = System.nanoTime();
                if (i >= 10) {        /* the first rounds warm up the host's JIT */
                    ping.add((t1 - t0) / 1e3);
                    attach.add((t2 - t1) / 1e3);
                    detach.add((t3 - t2) / 1e3);
                }
            }
            double p = median(ping);
            System.out.printf(Locale.ROOT, "%n== attach latency (wall clock, median of 50, from the REPL's facade) ==%n");
            System.out.printf(Locale.ROOT, "agent ping                 %8.0f us   1.00 x ping%n", p);
            System.out.printf(Locale.ROOT, "k.probe(hook, class)       %8.0f us  %5.2f x ping (host verification included)%n",
                    median(attach), median(attach) / p);
            System.out.printf(Locale.ROOT, "k.detach(id)               %8.0f us  %5.2f x ping%n", median(detach), median(detach) / p);
        }
    }
}
