package oolong.campaign.prog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import oolong.api.Errno;
import oolong.api.ForkFlags;
import oolong.api.Syscall;
import oolong.campaign.model.Result;

/**
 * A program as a REPL script (.jsh): what {@code scripts/oolong run} replays on a fresh kernel,
 * one line per step through the REPL's facade (k.puppet(), k.faults(), k.sched(), k.check(),
 * k.leakReport). The same form is the corpus's file format ({@link JshParser} reads it back).
 *
 * How a step is written depends on what it did: a blocking call becomes its ...Async form (and the
 * line after the step that finishes it waits for it), a fork or pipe that was refused or a puppet
 * that died in its call uses the raw command (the facade's methods would throw). A reproducer adds
 * a header (its seed, the kernel command line it needs as a {@code //!} line that scripts/oolong
 * run applies, what failed) and an expectation at the failing step that makes the script exit 2.
 */
public final class JshEncoder {
    /** The comment that ends the steps; what follows is the clean-up. */
    public static final String END_MARKER = "// the end: every process of the program goes, and nothing may be left behind";
    static final String WAIT = ".get(30, TimeUnit.SECONDS);";
    /** What every program starts with (the executor does the same). */
    static final String PRELUDE = """
            import java.util.concurrent.TimeUnit;
            var keeper = k.spawn("sleeper", "999999999");    // init always has a child to await, so it reaps at once
            var base = k.baseline();
            var anchor = k.spawn("sleeper", "999999999");    // the program's root lives under it; it never reaps
            var p0 = k.puppet(k.spawnUnder(anchor, "puppet"));
            """;

    /** A reproducer's additions: header comments, kernel command line, the failing step and its check. */
    public record Reproducer(List<String> header, String kernelArgs, int failingStep, Expectation expectation) {
    }

    private JshEncoder() {
    }

    /** A program with the outcomes the host model predicts (a corpus file). */
    public static String encode(Program p) {
        Simulation sim = new Simulation();
        List<StepOutcome> outcomes = new ArrayList<>();
        for (Step s : p.steps()) {
            outcomes.add(sim.apply(s));
        }
        return encode(p, outcomes, null);
    }

    /** A program with the outcomes a run observed, and what a reproducer adds (null: none). */
    public static String encode(Program p, List<StepOutcome> outcomes, Reproducer repro) {
        StringBuilder sb = new StringBuilder();
        if (repro != null) {
            for (String h : repro.header()) {
                sb.append("// ").append(h).append('\n');
            }
            if (repro.kernelArgs() != null && !repro.kernelArgs().isBlank()) {
                sb.append("//! --append \"").append(repro.kernelArgs().replace("\"", "\\\"")).append("\"\n");
            }
        } else {
            sb.append("// Oolong campaign program ").append(p.id()).append(" (").append(p.size()).append(" steps)\n");
        }
        sb.append(PRELUDE);
        Map<String, String> futures = new HashMap<>();
        boolean policies = false;
        int last = repro != null && !(repro.expectation() instanceof Expectation.Leak) ? repro.failingStep() : p.size() - 1;
        for (int i = 0; i <= last && i < p.size(); i++) {
            Step s = p.steps().get(i);
            StepOutcome o = i < outcomes.size() ? outcomes.get(i) : null;
            boolean failing = repro != null && repro.failingStep() == i;
            Expectation e = failing ? repro.expectation() : null;
            policies |= s instanceof Step.Policy;
            String line = line(s, o == null ? null : o.self(), "f" + (i + 1));
            if (e instanceof Expectation.Self self) {
                line = capture(s, self.expected());
            } else if (e instanceof Expectation.Survives sv) {
                line = "try { " + line + " } catch (RuntimeException e) { Oolong.expect(false, " + quote(sv.what())
                        + " + \": \" + e.getMessage()); }\n"
                        + "try { k.ping(); } catch (RuntimeException e) { Oolong.expect(false, " + quote(sv.what())
                        + " + \": \" + e.getMessage()); }";
            }
            sb.append(line).append('\n');
            if (o != null && o.self().kind() == Result.Kind.BLOCKED && s.actor() != null) {
                futures.put(s.actor(), "f" + (i + 1));
            }
            if (o != null) {
                for (Map.Entry<String, Result> c : o.completed().entrySet()) {
                    String f = futures.remove(c.getKey());
                    if (f == null) {
                        continue;
                    }
                    if (e instanceof Expectation.Completion ce && ce.actor().equals(c.getKey())) {
                        sb.append("var r = ").append(f).append(".completeOnTimeout(null, 5, TimeUnit.SECONDS).join();\n");
                        sb.append("Oolong.expect(").append(condition("r", ce.expected())).append(", ")
                                .append(quote(c.getKey() + "'s blocked call " + ce.expected() + " (the seed's semantics)"))
                                .append(");\n");
                    } else {
                        sb.append(f).append(WAIT).append('\n');
                    }
                }
            }
            if (e instanceof Expectation.Completion ce && !o.completed().containsKey(ce.actor())) {
                String f = futures.get(ce.actor());
                sb.append("var r = ").append(f).append(".completeOnTimeout(null, 2, TimeUnit.SECONDS).join();\n");
                sb.append("Oolong.expect(").append(condition("r", ce.expected())).append(", ")
                        .append(quote(ce.actor() + "'s call " + ce.expected() + " (the seed's semantics)")).append(");\n");
            } else if (e instanceof Expectation.Check c) {
                sb.append("k.check();                        // fails here: ").append(oneLine(c.violation())).append('\n');
            } else if (e instanceof Expectation.State st) {
                sb.append("Thread.sleep(300);                // the puppets this step woke report first\n");
                sb.append("Oolong.expect(k.ps().pid(").append(st.process()).append(".pid()).map(x -> x.state() + \" \" + x.code())"
                        + ".orElse(\"gone\").equals(").append(quote(st.expected())).append("), ")
                        .append(quote(st.process() + " is " + st.expected() + " (the seed's semantics)")).append(");\n");
            }
        }
        sb.append(END_MARKER).append('\n');
        sb.append("k.faults().clear();\n");
        sb.append("k.filicide(anchor);\n");
        sb.append("k.kill(anchor, 0);\n");
        if (policies) {
            sb.append("k.sched().use(\"seed\");\n");
        }
        if (repro != null && repro.expectation() instanceof Expectation.Leak l) {
            sb.append("k.leakReport(base)                // fails here: ").append(oneLine(l.leak())).append('\n');
        } else {
            sb.append("k.leakReport(base)\n");
        }
        return sb.toString();
    }

    /** One step's line, written for what it did (null: as if it returned normally). */
    static String line(Step s, Result r, String future) {
        Result.Kind kind = r == null ? Result.Kind.RETURNED : r.kind();
        boolean died = kind == Result.Kind.DIED && !(s instanceof Step.Exit);
        if (s instanceof Step.Spawn sp) {
            if (r != null && kind != Result.Kind.CREATED) {
                return "k.agent().send(\"spawn\", Map.of(\"program\", \"puppet\", \"parent\", " + sp.parent()
                        + ".pid())); // " + sp.child() + " refused: " + Errno.name(r.value());
            }
            return "var " + sp.child() + " = k.puppet(k.spawnUnder(" + sp.parent() + ".pid(), \"puppet\"));";
        }
        if (s instanceof Step.Kill k) {
            return "k.kill(" + k.target() + ".pid(), " + k.code() + ");";
        }
        if (s instanceof Step.Filicide f && f.byAgent()) {
            return "k.filicide(" + f.target() + ".pid());";
        }
        if (s instanceof Step.SetFault f) {
            return fault(f.fault());
        }
        if (s instanceof Step.ClearFaults) {
            return "k.faults().clear();";
        }
        if (s instanceof Step.Policy pol) {
            return "k.sched().use(\"" + pol.name() + "\");";
        }
        String a = s.actor();
        if (died) {
            return raw(s) + " // " + notMade(s) + a + " killed in the call (exit " + r.value() + ")";
        }
        if (s instanceof Step.Fork f) {
            if (r != null && kind != Result.Kind.CREATED) {
                return raw(s) + " // " + f.child() + " refused: " + Errno.name(r.value());
            }
            return "var " + f.child() + " = " + a + ".fork(" + forkFlags(f.flags()) + ");";
        }
        if (s instanceof Step.Pipe pp) {
            if (r != null && r.failed()) {
                return raw(s) + " // " + pp.ends() + " refused: " + Errno.name(r.value());
            }
            return "int[] " + pp.ends() + " = " + a + ".pipe();";
        }
        if (s instanceof Step.Dup d) {
            return "int " + d.result() + " = (int) " + a + ".dup(" + d.from() + ", " + d.to() + ");";
        }
        boolean blocked = kind == Result.Kind.BLOCKED;
        if (s instanceof Step.Await) {
            return blocked ? "var " + future + " = " + a + ".awaitAsync();" : a + ".await();";
        }
        if (s instanceof Step.Read rd) {
            return blocked ? "var " + future + " = " + a + ".readAsync(" + rd.handle() + ", " + rd.n() + ");"
                    : a + ".read(" + rd.handle() + ", " + rd.n() + ");";
        }
        if (s instanceof Step.Write w) {
            return blocked ? "var " + future + " = " + a + ".writeAsync(" + w.handle() + ", \"" + w.text() + "\");"
                    : a + ".write(" + w.handle() + ", \"" + w.text() + "\");";
        }
        if (s instanceof Step.SleepLong) {
            return "var " + future + " = " + a + ".sleepAsync(" + oolong.campaign.model.World.LONG_SLEEP_MS + ");";
        }
        if (s instanceof Step.Exit e) {
            return a + ".exit(" + e.code() + ");";
        }
        if (s instanceof Step.Close c) {
            return a + ".close(" + c.handle() + ");";
        }
        if (s instanceof Step.Memflag m) {
            return a + ".memflag(0, " + m.pages() * 4096 + ", MemFlags.FINDFREE | MemFlags.PRESENT);";
        }
        if (s instanceof Step.Sleep sl) {
            return a + ".sleep(" + sl.ms() + ");";
        }
        if (s instanceof Step.Filicide) {
            return a + ".filicide();";
        }
        return raw(s);             /* intr, intrset: no facade method */
    }

    private static String notMade(Step s) {
        return s.defines() != null ? s.defines() + " not made: " : "";
    }

    static String raw(Step s) {
        return s.actor() + ".command(" + PuppetCommand.java(s) + ");";
    }

    /** The failing step, run so that its answer can be checked (the raw command, waited for at most 5 s). */
    static String capture(Step s, Result expected) {
        String call;
        if (s.actor() != null) {
            call = s.actor() + ".commandAsync(" + PuppetCommand.java(s) + ")";
        } else if (s instanceof Step.Filicide f) {
            return "Oolong.expect(k.filicide(" + f.target() + ".pid()).size() == " + expected.value() + ", "
                    + quote("the filicide kills " + expected.value() + " processes (the seed's semantics)") + ");";
        } else if (s instanceof Step.Spawn sp) {
            boolean made = expected.kind() == Result.Kind.CREATED;
            return "Oolong.expect(k.agent().send(\"spawn\", Map.of(\"program\", \"puppet\", \"parent\", " + sp.parent()
                    + ".pid())).handle((v, e) -> e == null).join() == " + made + ", " + quote("the spawn under " + sp.parent()
                    + (made ? " makes a puppet" : " is refused") + " (the seed's semantics)") + "); // " + sp.child();
        } else {
            return line(s, expected, "f");
        }
        return "var r = " + call + ".completeOnTimeout(null, 5, TimeUnit.SECONDS).join();\n"
                + "Oolong.expect(" + condition("r", expected) + ", " + quote(s.actor() + "'s call " + expected
                + " (the seed's semantics)") + ");";
    }

    /** A Java condition on a puppet's JSON answer (null: no answer yet) that holds for the expected result. */
    static String condition(String r, Result e) {
        String ret = r + ".path(\"result\").path(\"ret\").asLong()";
        return switch (e.kind()) {
            case BLOCKED -> r + " == null";
            case DIED -> r + " != null && " + r + ".path(\"exited\").asBoolean() && " + r + ".path(\"code\").asLong() == "
                    + e.value();
            case CREATED -> r + " != null && " + ret + " > 0";
            case ADDRESS -> r + " != null && " + ret + " >= 0";
            case RETURNED -> r + " != null && " + ret + " == " + e.value()
                    + (e.data() != null ? " && " + r + ".path(\"result\").path(\"data\").asText().equals(" + quote(e.data()) + ")"
                    : "");
        };
    }

    static String forkFlags(int flags) {
        if (flags == 0) {
            return "";
        }
        List<String> names = new ArrayList<>();
        int rest = flags;
        if ((rest & ForkFlags.NOREAP) != 0) {
            names.add("ForkFlags.NOREAP");
            rest &= ~ForkFlags.NOREAP;
        }
        if ((rest & ForkFlags.SHAREHANDLE) != 0) {
            names.add("ForkFlags.SHAREHANDLE");
            rest &= ~ForkFlags.SHAREHANDLE;
        }
        if ((rest & ForkFlags.NEWFS) != 0) {
            names.add("ForkFlags.NEWFS");
            rest &= ~ForkFlags.NEWFS;
        }
        if (rest != 0) {
            names.add(Integer.toString(rest));
        }
        return String.join(" | ", names);
    }

    static String fault(FaultSetting f) {
        StringBuilder sb = new StringBuilder("k.faults().prepare(\"" + f.point() + "\")");
        if (!f.pids().isEmpty()) {
            List<String> pids = new ArrayList<>();
            for (String p : f.pids()) {
                pids.add(p + ".pid()");
            }
            sb.append(".forPids(").append(String.join(", ", pids)).append(")");
        } else if (f.subtree() != null) {
            sb.append(".forSubtree(").append(f.subtree()).append(".pid())");
        }
        if (f.probability() != 1.0) {
            sb.append(".probability(").append(f.probability()).append(")");
        }
        if (f.seed() != 1) {
            sb.append(".seed(").append(f.seed()).append(")");
        }
        if (f.every() != 1) {
            sb.append(".every(").append(f.every()).append(")");
        }
        if (f.after() != 0) {
            sb.append(".after(").append(f.after()).append(")");
        }
        if (f.times() != -1) {
            sb.append(".times(").append(f.times()).append(")");
        }
        if (f.parameter() != 0) {
            sb.append(".parameter(").append(parameter(f)).append(")");
        }
        return sb.append(".on();").toString();
    }

    private static String parameter(FaultSetting f) {
        if (f.point().equals("kill-at-syscall")) {
            String name = syscallName((int) f.parameter());
            if (name != null) {
                return "Syscall." + name;
            }
        }
        if (f.point().equals("frames")) {
            return f.parameter() == 1 ? "Faults.FRAMES_IN_SYSCALLS" : f.parameter() == 2 ? "Faults.FRAMES_IN_PAGE_FAULTS"
                    : Long.toString(f.parameter());
        }
        return Long.toString(f.parameter());
    }

    static String syscallName(int nr) {
        for (java.lang.reflect.Field field : Syscall.class.getFields()) {
            try {
                if (field.getType() == int.class && field.getInt(null) == nr) {
                    return field.getName();
                }
            } catch (IllegalAccessException e) {
                return null;
            }
        }
        return null;
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c == '\n' ? ' ' : c);
        }
        return sb.append('"').toString();
    }

    static String oneLine(String s) {
        String t = s.replace('\n', ' ');
        return t.length() > 160 ? t.substring(0, 157) + "..." : t;
    }
}
