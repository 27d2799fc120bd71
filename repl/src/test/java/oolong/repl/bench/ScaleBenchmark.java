package oolong.repl.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import oolong.api.ExitCodes;
import oolong.qmp.VmConfig;
import oolong.repl.api.Kernel;
import oolong.repl.session.Session;

/**
 * Issue 16's scale figures against the real kernel in QEMU/TCG (run by scripts/bench-scale), each
 * a ratio to an anchor measured in the same boot:
 * <ul>
 * <li>{@code ps} of ~112 processes (a {@code tree 2 10}) and of COUNT + 2 processes, each against
 * the agent's ping (medians of the round trips), in rows (what k.ps() asks for) and as objects;
 * <li>the cost of creating a process with ~100 and with COUNT alive ({@code forkscale COUNT 100
 * hold}: forks children that sleep, timing each 100; medians of five batches around each point);
 * <li>kernel memory per process at COUNT from the agent's {@code stats} (per_process).
 * </ul>
 * usage: ScaleBenchmark [COUNT] [MEMORY_MIB]   (default 10000 and 1024)
 */
public final class ScaleBenchmark {
    private static final Pattern BATCH = Pattern.compile("forkscale: (\\d+) alive: (\\d+) ns per fork");

    private ScaleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int memory = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
        Path images = Path.of(System.getProperty("oolong.images", "boot/target/images"));
        VmConfig config = new VmConfig().kernel(images.resolve("kernel.elf")).module(images.resolve("user.elf").toString())
                .memoryMiB(memory);
        Session session = new Session(config, null);
        session.boot();
        try {
            Kernel k = new Kernel(session::agent);
            long[] pingSmall = ReplBenchmark.time(200, () -> k.agent().call("ping", Map.of()));
            int tree = k.spawn("tree", "2", "10");
            int small = ReplBenchmark.waitForProcesses(k, 112);
            long[] psSmall = ReplBenchmark.time(50, () -> k.agent().call("ps", Map.of("format", "rows")));
            long[] psSmallObjects = ReplBenchmark.time(50, () -> k.agent().call("ps", Map.of()));
            k.kill(tree, 0);
            ReplBenchmark.waitForProcesses(k, 0);

            int scaler = k.spawn("forkscale", Integer.toString(count), "100", "hold");
            session.vm().awaitSerial(Pattern.compile("forkscale: holding " + count), java.time.Duration.ofHours(2));
            int large = k.ps().size();
            long[] pingLarge = ReplBenchmark.time(200, () -> k.agent().call("ping", Map.of()));
            long[] psLarge = ReplBenchmark.time(5, () -> k.agent().call("ps", Map.of("format", "rows")));
            long[] psLargeObjects = ReplBenchmark.time(5, () -> k.agent().call("ps", Map.of()));
            var stats = k.stats();
            /* 10,000 kills can take longer than a call's usual 10 s on a loaded host */
            k.agent().call("filicide", Map.of("pid", scaler, "code", ExitCodes.KILLED), java.time.Duration.ofMinutes(5));
            k.kill(scaler, 0);

            List<long[]> batches = new ArrayList<>();
            Matcher m = BATCH.matcher(session.vm().serialOutput());
            while (m.find()) {
                batches.add(new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
            }
            long atSmall = medianNear(batches, 100, count);
            long atLarge = medianNear(batches, count, count);

            System.out.printf(Locale.ROOT, "%-44s %12s %12s %9s%n", "measure", "value", "anchor", "ratio");
            row("ps of " + small + " processes (ms) / ping", median(psSmall) / 1e6, median(pingSmall) / 1e6);
            row("  the object format (ms) / ping", median(psSmallObjects) / 1e6, median(pingSmall) / 1e6);
            row("ps of " + large + " processes (ms) / ping", median(psLarge) / 1e6, median(pingLarge) / 1e6);
            row("  the object format (ms) / ping", median(psLargeObjects) / 1e6, median(pingLarge) / 1e6);
            System.out.printf(Locale.ROOT, "%-44s %12.1f %12.1f%n", "  ps cost per process (us), rows / objects",
                    (median(psLarge) - median(pingLarge)) / 1e3 / large, (median(psLargeObjects) - median(pingLarge)) / 1e3 / large);
            row("fork with " + count + " alive (ms) / with 100", atLarge / 1e6, atSmall / 1e6);
            JsonNode per = stats.path("per_process");
            long live = stats.path("processes").path("live").asLong();
            System.out.printf(Locale.ROOT, "%-44s %12.1f%n", "kernel memory per process at " + live + " (KiB)",
                    per.path("frame_bytes").asLong() / 1024.0);
            System.out.printf(Locale.ROOT, "%-44s %12.1f%n", "  of it page tables (KiB)", per.path("page_table_bytes").asLong() / 1024.0);
            System.out.printf(Locale.ROOT, "%-44s %12.1f%n", "  Java heap in use per process (KiB)", per.path("heap_bytes").asLong() / 1024.0);
        } finally {
            session.close();
        }
    }

    static void row(String label, double value, double anchor) {
        System.out.printf(Locale.ROOT, "%-44s %12.3f %12.3f %8.2fx%n", label, value, anchor, value / anchor);
    }

    static long median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    /** The median of the five batches whose alive count is nearest `alive` (the first batch, with start-up, left out). */
    static long medianNear(List<long[]> batches, long alive, int count) {
        List<long[]> usable = batches.size() > 1 ? batches.subList(1, batches.size()) : batches;
        long[][] byDistance = usable.toArray(new long[0][]);
        Arrays.sort(byDistance, (a, b) -> Long.compare(Math.abs(a[0] - alive), Math.abs(b[0] - alive)));
        long[] nearest = new long[Math.min(5, byDistance.length)];
        for (int i = 0; i < nearest.length; i++) {
            nearest[i] = byDistance[i][1];
        }
        return nearest.length == 0 ? -1 : median(nearest);
    }
}
