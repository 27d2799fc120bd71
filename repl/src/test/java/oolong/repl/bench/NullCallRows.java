package oolong.repl.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import oolong.qmp.VmConfig;
import oolong.repl.api.Kernel;
import oolong.repl.api.ProbeHandle;
import oolong.repl.session.Session;

/**
 * The null system call with a counting probe, in one boot (part of scripts/bench-jit): kbench's
 * getpid loop with nothing attached, with {@link ProbesBenchmark.CountGetpid} on syscall:enter
 * interpreted (the compiler switched off for its attach), the same probe compiled, and an empty
 * probe compiled (what a hit costs besides the extension's own work); the four take turns, round
 * after round, in a rotating order. The clock is QEMU's counted one (-icount
 * shift=0: a guest nanosecond per guest instruction), so the figures are instruction counts,
 * the same whatever the host's load. Each run checks that the probe counted every call.
 */
final class NullCallRows {
    private NullCallRows() {
    }

    static final String[] NAMES = {"no probe", "counting probe, interpreted", "counting probe, compiled",
        "empty probe, compiled"};

    /** A probe that does nothing: what a hit costs around the extension's own code (the hook, the registry, entering compiled code). */
    public static final class Empty implements oolong.api.probe.Probe {
        @Override
        public void fire(oolong.api.probe.Event e, oolong.api.probe.Maps m) {
        }
    }

    static void measure(Path images, int rounds) throws Exception {
        VmConfig config = new VmConfig().kernel(images.resolve("kernel.elf")).module(images.resolve("user.elf").toString())
                .extraArg("-icount").extraArg("shift=0");
        double[][] ns = new double[NAMES.length][rounds];
        try (Session session = new Session(config, null)) {
            session.boot();
            Kernel k = new Kernel(session::agent);
            k.sched().cpuLimit(100);          /* kbench's tight loop would spend most of its time in the probe: over the default bound */
            int runs = 0;
            for (int round = 0; round < rounds; round++) {
                for (int turn = 0; turn < NAMES.length; turn++) {
                    int which = (round + turn) % NAMES.length;
                    ns[which][round] = run(session, k, which, ++runs);
                }
            }
            k.sched().jit(true);
        }
        System.out.printf(Locale.ROOT, "null system call (kbench getpid, %d calls), counted clock (guest instructions), one boot, median of %d:%n",
                20_000 * ProbesBenchmark.SCALE, rounds);
        double anchor = JitBenchmark.median(ns[0]);
        for (int i = 0; i < NAMES.length; i++) {
            double m = JitBenchmark.median(ns[i]);
            System.out.printf(Locale.ROOT, "  %-30s %7.0f ns/call   %5.2fx the null call   %s%n", NAMES[i], m, m / anchor,
                    java.util.Arrays.toString(ns[i]));
        }
    }

    /** One kbench getpid loop in configuration `which`; this is the `nth` such loop of the boot. */
    private static double run(Session session, Kernel k, int which, int nth) {
        ProbeHandle h = null;
        if (which > 0) {
            k.sched().jit(which >= 2);
            h = k.probe("syscall:enter", which == 3 ? Empty.class : ProbesBenchmark.CountGetpid.class);
            k.sched().jit(true);
        }
        int pid = k.spawn("kbench", String.valueOf(ProbesBenchmark.SCALE));
        long deadline = System.nanoTime() + Duration.ofSeconds(600).toNanos();
        double perCall = -1;
        while (perCall < 0) {
            Matcher m = ProbesBenchmark.NULL_CALL.matcher(session.vm().serialOutput());
            int seen = 0;
            while (m.find()) {
                if (++seen == nth) {
                    perCall = Double.parseDouble(m.group(1));
                }
            }
            if (perCall < 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("kbench printed no getpid line within 600 s");
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        k.kill(pid, 0);                        /* the rest of kbench's suite is not measured here */
        if (h != null) {
            String mode = k.probes().attached().get(0).mode();
            long counted = h.map().getOrDefault((long) pid, 0L);
            h.detach();
            if (which != 3 && counted < 20_000L * ProbesBenchmark.SCALE) {
                throw new IllegalStateException("the probe counted " + counted + " getpid calls of kbench, fewer than it made");
            }
            if (!mode.equals(which >= 2 ? "compiled" : "interpreted")) {
                throw new IllegalStateException("the probe ran " + mode + " in the " + NAMES[which] + " run");
            }
        }
        return perCall;
    }
}
