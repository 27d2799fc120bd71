package oolong.repl.it;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.ToolProvider;
import oolong.api.sched.Policy;
import oolong.api.sched.RunQueue;

/**
 * Admissible CPU hogs: every one passes the verifier and stays within its instruction budget, and
 * each spends nearly all of it on every decision, one way or another. They end with a round-robin
 * choice (the process that waited longest), so that starving is never what they do unless that is
 * their point. A policy may call only its own methods, so each carries its own copy. (Also used by
 * scripts/bench-integrity.)
 */
public final class HogPolicies {
    private HogPolicies() {
    }

    /** A counting loop of about 1,900 instructions, for a budget of 2,000 (five per turn). */
    public static final class Loop2k implements Policy {
        static final int N = 370;

        static int longestWaiting(RunQueue q) {
            int best = 0;
            for (int i = 1; i < q.size(); i++) {
                if (q.sinceRun(i) > q.sinceRun(best)) {
                    best = i;
                }
            }
            return best;
        }

        @Override
        public int pick(RunQueue q) {
            int i = 0;
            while (i < N) {
                i++;
            }
            return longestWaiting(q);
        }
    }

    /** The same near the default budget (10,000). */
    public static final class Loop10k implements Policy {
        static final int N = 1890;

        static int longestWaiting(RunQueue q) {
            int best = 0;
            for (int i = 1; i < q.size(); i++) {
                if (q.sinceRun(i) > q.sinceRun(best)) {
                    best = i;
                }
            }
            return best;
        }

        @Override
        public int pick(RunQueue q) {
            int i = 0;
            while (i < N) {
                i++;
            }
            return longestWaiting(q);
        }
    }

    /** The same near the largest budget the kernel accepts (20,000). */
    public static final class Loop20k implements Policy {
        static final int N = 3790;

        static int longestWaiting(RunQueue q) {
            int best = 0;
            for (int i = 1; i < q.size(); i++) {
                if (q.sinceRun(i) > q.sinceRun(best)) {
                    best = i;
                }
            }
            return best;
        }

        @Override
        public int pick(RunQueue q) {
            int i = 0;
            while (i < N) {
                i++;
            }
            return longestWaiting(q);
        }
    }

    /** Recursion 60 calls deep (the limit is 64), again and again, near the largest budget. */
    public static final class DeepRecursion implements Policy {
        static int down(int depth) {
            return depth == 0 ? 0 : down(depth - 1) + 1;
        }

        static int longestWaiting(RunQueue q) {
            int best = 0;
            for (int i = 1; i < q.size(); i++) {
                if (q.sinceRun(i) > q.sinceRun(best)) {
                    best = i;
                }
            }
            return best;
        }

        @Override
        public int pick(RunQueue q) {
            int sum = 0;
            for (int k = 0; k < 34; k++) {
                sum += down(60);
            }
            q.setGlobal(0, sum);
            return longestWaiting(q);
        }
    }

    /** Run-queue calls (scratch values, the random generator) near the largest budget. */
    public static final class QueueCalls implements Policy {
        static int longestWaiting(RunQueue q) {
            int best = 0;
            for (int i = 1; i < q.size(); i++) {
                if (q.sinceRun(i) > q.sinceRun(best)) {
                    best = i;
                }
            }
            return best;
        }

        @Override
        public int pick(RunQueue q) {
            long s = 0;
            for (int k = 0; k < 610; k++) {
                int i = k % q.size();
                s += q.scratch(i, k & 3) + q.random(7);
                q.setScratch(i, k & 3, s);
            }
            return longestWaiting(q);
        }
    }

    /** Round robin that asks for the longest slice there is, 1000 ticks (10 s at 100 Hz). */
    public static final class LongSlices implements Policy {
        @Override
        public int pick(RunQueue q) {
            int best = 0;
            for (int i = 1; i < q.size(); i++) {
                if (q.sinceRun(i) > q.sinceRun(best)) {
                    best = i;
                }
            }
            q.setSlice(1000);
            return best;
        }
    }

    /** Fair for its first 50 decisions, then always the first runnable process: the others starve. */
    public static final class StarvesAfter50 implements Policy {
        @Override
        public int pick(RunQueue q) {
            long made = q.global(0) + 1;
            q.setGlobal(0, made);
            if (made > 50) {
                return 0;
            }
            int best = 0;
            for (int i = 1; i < q.size(); i++) {
                if (q.sinceRun(i) > q.sinceRun(best)) {
                    best = i;
                }
            }
            return best;
        }
    }

    /**
     * The process that used the least CPU, after a loop near the largest budget: with processes
     * that yield at once, it decides again and again, and its decisions take most of the CPU
     * although each one is within its budget.
     */
    public static final class DecidesOften implements Policy {
        @Override
        public int pick(RunQueue q) {
            int i = 0;
            while (i < 3700) {
                i++;
            }
            int best = 0;
            for (int k = 1; k < q.size(); k++) {
                if (q.cpuMicros(k) < q.cpuMicros(best)) {
                    best = k;
                }
            }
            return best;
        }
    }

    /** Always the first runnable process (for the test that a successor is not blamed). */
    public static final class FirstOnly implements Policy {
        @Override
        public int pick(RunQueue q) {
            return 0;
        }
    }

    /** Plain round robin, written as a user would. */
    public static final class Fair implements Policy {
        @Override
        public int pick(RunQueue q) {
            int best = 0;
            for (int i = 1; i < q.size(); i++) {
                if (q.sinceRun(i) > q.sinceRun(best)) {
                    best = i;
                }
            }
            return best;
        }
    }

    /** A loop of a million instructions: the budget it needs is refused. */
    public static final class MillionLoop implements Policy {
        @Override
        public int pick(RunQueue q) {
            int i = 0;
            while (i < 150_000) {
                i++;
            }
            return i % q.size();
        }
    }

    /**
     * Compiles SparseSwitch and DenseSwitch (600 keys, ~19,000 instructions per decision: near the
     * largest budget) into the directory and returns a loader for them (javac would not take a
     * 600-case switch kindly as hand-written source here, so it is generated).
     */
    public static URLClassLoader compileSwitchHogs(Path dir) throws IOException {
        List<String> args = new ArrayList<>(List.of("-d", dir.toString(), "-cp", System.getProperty("java.class.path")));
        for (String[] s : new String[][] {{"SparseSwitch", "true"}, {"DenseSwitch", "false"}}) {
            Path src = dir.resolve(s[0] + ".java");
            Files.writeString(src, switchSource(s[0], Boolean.parseBoolean(s[1]), 600, 1050));
            args.add(src.toString());
        }
        if (ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(new String[0])) != 0) {
            throw new IllegalStateException("javac failed on the switch hogs");
        }
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, HogPolicies.class.getClassLoader());
    }

    /**
     * Java source of a policy whose loop goes through a switch of `cases` keys — sparse keys
     * (javac writes a lookupswitch) or dense ones (a tableswitch) — `rounds` times per decision.
     */
    static String switchSource(String name, boolean sparse, int cases, int rounds) {
        StringBuilder sb = new StringBuilder("public class " + name + " implements oolong.api.sched.Policy {\n");
        sb.append("    static int sw(int x) {\n        switch (x) {\n");
        for (int i = 0; i < cases; i++) {
            sb.append("            case ").append(sparse ? (i - cases / 2) * 7919 : i).append(": return ").append(i % 7)
                    .append(";\n");
        }
        sb.append("            default: return -1;\n        }\n    }\n");
        sb.append("    public int pick(oolong.api.sched.RunQueue q) {\n        int s = 0;\n");
        sb.append("        for (int k = 0; k < ").append(rounds).append("; k++) s += sw(k * ").append(sparse ? 7919 : 1)
                .append(" + 3);\n");
        sb.append("        q.setGlobal(0, s);\n        int best = 0;\n");
        sb.append("        for (int i = 1; i < q.size(); i++) if (q.sinceRun(i) > q.sinceRun(best)) best = i;\n");
        sb.append("        return best;\n    }\n}\n");
        return sb.toString();
    }
}
