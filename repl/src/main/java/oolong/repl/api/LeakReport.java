package oolong.repl.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The leak-relevant counters (processes, address spaces, handle tables, handles, pipes, frames,
 * page-table frames) before and after: {@link Kernel#leakReport}. Only a counter that grew is a
 * leak; one that fell means something that existed at the baseline was freed since.
 */
public record LeakReport(Map<String, Long> baseline, Map<String, Long> now, List<String> leaks) {
    static LeakReport of(Map<String, Long> baseline, Map<String, Long> now) {
        List<String> leaks = new ArrayList<>();
        for (String name : Chaos.LEAK_COUNTERS) {
            long b = baseline.getOrDefault(name, 0L);
            long a = now.getOrDefault(name, 0L);
            if (a > b) {
                leaks.add(name + " was " + b + " and is " + a + " (+" + (a - b) + ")");
            }
        }
        return new LeakReport(Map.copyOf(baseline), Map.copyOf(now), List.copyOf(leaks));
    }

    public boolean clean() {
        return leaks.isEmpty();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(clean() ? "no leaks:" : "LEAKS:");
        for (String name : Chaos.LEAK_COUNTERS) {
            long b = baseline.getOrDefault(name, 0L);
            long a = now.getOrDefault(name, 0L);
            String note = a > b ? "   LEAK? (+" + (a - b) + ")" : a < b ? "   freed (" + (a - b) + ")" : "";
            sb.append(String.format("%n  %-18s %8d -> %8d%s", name, b, a, note));
        }
        return sb.toString();
    }
}
