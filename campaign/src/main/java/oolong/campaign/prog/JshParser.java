package oolong.campaign.prog;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import oolong.api.ForkFlags;
import oolong.api.Syscall;
import oolong.campaign.model.World;

/**
 * Reads a program back from its .jsh form ({@link JshEncoder}): every way the encoder writes a
 * step is recognised, whatever the step did in the run the file came from; the prelude, the waits
 * for blocked calls, the checks and expectations and everything after the end marker are not
 * steps. A line that looks like a call on a puppet, k or an async result but is none of these is
 * an error, so a corpus file cannot lose a step silently.
 */
public final class JshParser {
    private static final String P = "(p\\d+)";
    private static final String H = "(-?\\d+|h\\d+\\[[01]]|d\\d+)";
    private static final Pattern SPAWN = Pattern.compile("var " + P + " = k\\.puppet\\(k\\.spawnUnder\\(" + P + "\\.pid\\(\\), \"puppet\"\\)\\);");
    private static final Pattern SPAWN_REFUSED = Pattern.compile("k\\.agent\\(\\)\\.send\\(\"spawn\", Map\\.of\\(\"program\", \"puppet\", "
            + "\"parent\", " + P + "\\.pid\\(\\)\\)\\); // " + P + " refused.*");
    private static final Pattern KILL = Pattern.compile("k\\.kill\\(" + P + "\\.pid\\(\\), (-?\\d+)\\);");
    private static final Pattern FILICIDE_AGENT = Pattern.compile("k\\.filicide\\(" + P + "\\.pid\\(\\)\\);");
    private static final Pattern FILICIDE_AGENT_CHECKED = Pattern.compile("Oolong\\.expect\\(k\\.filicide\\(" + P + "\\.pid\\(\\)\\)\\.size\\(\\).*");
    private static final Pattern FAULT = Pattern.compile("k\\.faults\\(\\)\\.prepare\\(\"([a-z-]+)\"\\)(.*)\\.on\\(\\);");
    private static final Pattern CLEAR = Pattern.compile("k\\.faults\\(\\)\\.clear\\(\\);");
    private static final Pattern POLICY = Pattern.compile("k\\.sched\\(\\)\\.use\\(\"([a-z-]+)\"\\);");
    private static final Pattern FORK = Pattern.compile("var " + P + " = " + P + "\\.fork\\((.*)\\);");
    private static final Pattern PIPE = Pattern.compile("int\\[] (h\\d+) = " + P + "\\.pipe\\(\\);");
    private static final Pattern DUP = Pattern.compile("int (d\\d+) = \\(int\\) " + P + "\\.dup\\(" + H + ", " + H + "\\);");
    private static final Pattern AWAIT = Pattern.compile("(?:var f\\d+ = )?" + P + "\\.await(?:Async)?\\(\\);");
    private static final Pattern READ = Pattern.compile("(?:var f\\d+ = )?" + P + "\\.read(?:Async)?\\(" + H + ", (\\d+)\\);");
    private static final Pattern WRITE = Pattern.compile("(?:var f\\d+ = )?" + P + "\\.write(?:Async)?\\(" + H + ", \"([a-z]+)\"\\);");
    private static final Pattern SLEEP_LONG = Pattern.compile("var f\\d+ = " + P + "\\.sleepAsync\\((\\d+)\\);");
    private static final Pattern EXIT = Pattern.compile(P + "\\.exit\\((-?\\d+)\\);");
    private static final Pattern CLOSE = Pattern.compile(P + "\\.close\\(" + H + "\\);");
    private static final Pattern MEMFLAG = Pattern.compile(P + "\\.memflag\\(0, (\\d+), MemFlags\\.FINDFREE \\| MemFlags\\.PRESENT\\);");
    private static final Pattern SLEEP = Pattern.compile(P + "\\.sleep\\((\\d+)\\);");
    private static final Pattern FILICIDE = Pattern.compile(P + "\\.filicide\\(\\);");
    private static final Pattern RAW = Pattern.compile("(?:var r = )?" + P + "\\.command(?:Async)?\\((\".*?\"(?: \\+ [^;]*?)?)\\)"
            + "(?:\\.completeOnTimeout\\(null, \\d+, TimeUnit\\.SECONDS\\)\\.join\\(\\))?;(?:\\s*//\\s*(\\S+).*)?");
    private static final Pattern TRY = Pattern.compile("try \\{ (.*) } catch \\(RuntimeException e\\) \\{.*");
    private static final Pattern SPAWN_CHECKED = Pattern.compile("Oolong\\.expect\\(k\\.agent\\(\\)\\.send\\(\"spawn\", "
            + "Map\\.of\\(\"program\", \"puppet\", \"parent\", " + P + "\\.pid\\(\\)\\)\\).*// " + P);
    /** Lines that are not steps: the prelude, waits, checks, expectations. */
    private static final Pattern IGNORED = Pattern.compile("(//.*|import .*|var keeper = .*|var anchor = .*|var base = .*"
            + "|var p0 = k\\.puppet\\(k\\.spawnUnder\\(anchor, \"puppet\"\\)\\);.*|f\\d+\\.get\\(.*"
            + "|var r = f\\d+\\..*|Oolong\\.expect\\(.*|k\\.check\\(\\);.*|k\\.ping\\(\\);|Thread\\.sleep\\(.*)");
    private static final Pattern CALL = Pattern.compile("(p\\d+|k|f\\d+|var|int)\\b.*");

    private JshParser() {
    }

    public static Program parse(String text) {
        List<Step> steps = new ArrayList<>();
        int lineNo = 0;
        for (String raw : text.split("\n")) {
            lineNo++;
            String line = raw.strip();
            if (line.startsWith(JshEncoder.END_MARKER.substring(0, 10)) && line.equals(JshEncoder.END_MARKER)) {
                break;
            }
            Matcher t = TRY.matcher(line);
            if (t.matches()) {
                line = t.group(1);
            }
            Step s = step(line);
            if (s != null) {
                steps.add(s);
            } else if (!line.isEmpty() && !IGNORED.matcher(line).matches() && CALL.matcher(line).matches()) {
                throw new IllegalArgumentException("line " + lineNo + " is no step of a campaign program: " + raw);
            }
        }
        return new Program(steps);
    }

    static Step step(String line) {
        Matcher m;
        if ((m = SPAWN.matcher(line)).matches()) {
            return new Step.Spawn(m.group(2), m.group(1));
        }
        if ((m = SPAWN_REFUSED.matcher(line)).matches()) {
            return new Step.Spawn(m.group(1), m.group(2));
        }
        if ((m = SPAWN_CHECKED.matcher(line)).matches()) {
            return new Step.Spawn(m.group(1), m.group(2));
        }
        if ((m = KILL.matcher(line)).matches()) {
            return new Step.Kill(m.group(1), Integer.parseInt(m.group(2)));
        }
        if ((m = FILICIDE_AGENT.matcher(line)).matches() || (m = FILICIDE_AGENT_CHECKED.matcher(line)).matches()) {
            return new Step.Filicide(m.group(1), true);
        }
        if ((m = FAULT.matcher(line)).matches()) {
            return new Step.SetFault(fault(m.group(1), m.group(2)));
        }
        if (CLEAR.matcher(line).matches()) {
            return new Step.ClearFaults();
        }
        if ((m = POLICY.matcher(line)).matches()) {
            return new Step.Policy(m.group(1));
        }
        if ((m = FORK.matcher(line)).matches()) {
            return new Step.Fork(m.group(2), flags(m.group(3)), m.group(1));
        }
        if ((m = PIPE.matcher(line)).matches()) {
            return new Step.Pipe(m.group(2), m.group(1));
        }
        if ((m = DUP.matcher(line)).matches()) {
            return new Step.Dup(m.group(2), HandleRef.parse(m.group(3)), HandleRef.parse(m.group(4)), m.group(1));
        }
        if ((m = AWAIT.matcher(line)).matches()) {
            return new Step.Await(m.group(1));
        }
        if ((m = READ.matcher(line)).matches()) {
            return new Step.Read(m.group(1), HandleRef.parse(m.group(2)), Integer.parseInt(m.group(3)));
        }
        if ((m = WRITE.matcher(line)).matches()) {
            return new Step.Write(m.group(1), HandleRef.parse(m.group(2)), m.group(3));
        }
        if ((m = SLEEP_LONG.matcher(line)).matches()) {
            return new Step.SleepLong(m.group(1));
        }
        if ((m = EXIT.matcher(line)).matches()) {
            return new Step.Exit(m.group(1), Integer.parseInt(m.group(2)));
        }
        if ((m = CLOSE.matcher(line)).matches()) {
            return new Step.Close(m.group(1), HandleRef.parse(m.group(2)));
        }
        if ((m = MEMFLAG.matcher(line)).matches()) {
            return new Step.Memflag(m.group(1), Integer.parseInt(m.group(2)) / 4096);
        }
        if ((m = SLEEP.matcher(line)).matches()) {
            return new Step.Sleep(m.group(1), Integer.parseInt(m.group(2)));
        }
        if ((m = FILICIDE.matcher(line)).matches()) {
            return new Step.Filicide(m.group(1), false);
        }
        if ((m = RAW.matcher(line)).matches()) {
            return command(m.group(1), m.group(2), m.group(3));
        }
        return null;
    }

    /** A raw puppet command, its Java string expression evaluated with handle operands kept symbolic. */
    static Step command(String actor, String expression, String defined) {
        List<Object> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (String piece : expression.split(" \\+ ")) {
            if (piece.startsWith("\"")) {
                String literal = piece.substring(1, piece.length() - 1);
                for (char c : literal.toCharArray()) {
                    if (c == ' ') {
                        if (word.length() > 0) {
                            words.add(word.toString());
                            word.setLength(0);
                        }
                    } else {
                        word.append(c);
                    }
                }
            } else {
                words.add(HandleRef.parse(piece));
            }
        }
        if (word.length() > 0) {
            words.add(word.toString());
        }
        String op = (String) words.get(0);
        String var = defined != null && defined.matches("[phd]\\d+") ? defined : null;
        switch (op) {
            case "fork": return new Step.Fork(actor, Integer.parseInt((String) words.get(1)), need(var, "p", op));
            case "await": return new Step.Await(actor);
            case "exit": return new Step.Exit(actor, Integer.parseInt((String) words.get(1)));
            case "pipe": return new Step.Pipe(actor, need(var, "h", op));
            case "dup": return new Step.Dup(actor, handle(words.get(1)), handle(words.get(2)), need(var, "d", op));
            case "close": return new Step.Close(actor, handle(words.get(1)));
            case "read": return new Step.Read(actor, handle(words.get(1)), Integer.parseInt((String) words.get(2)));
            case "write": return new Step.Write(actor, handle(words.get(1)), (String) words.get(2));
            case "memflag": return new Step.Memflag(actor, Integer.parseInt((String) words.get(2)) / 4096);
            case "sleep": {
                long ms = Long.parseLong((String) words.get(1));
                return ms == World.LONG_SLEEP_MS ? new Step.SleepLong(actor) : new Step.Sleep(actor, (int) ms);
            }
            case "filicide": return new Step.Filicide(actor, false);
            case "intr": return new Step.Intr(actor);
            case "intrset": return new Step.IntrSet(actor);
            default: throw new IllegalArgumentException("unknown puppet command " + op);
        }
    }

    private static String need(String var, String prefix, String op) {
        if (var == null || !var.startsWith(prefix)) {
            throw new IllegalArgumentException("a raw " + op + " needs the variable it defines in its comment (// " + prefix
                    + "N ...)");
        }
        return var;
    }

    private static HandleRef handle(Object o) {
        return o instanceof HandleRef h ? h : HandleRef.parse((String) o);
    }

    static int flags(String expression) {
        int flags = 0;
        for (String part : expression.split("\\|")) {
            String t = part.strip();
            if (t.isEmpty()) {
                continue;
            }
            flags |= switch (t) {
                case "ForkFlags.NOREAP" -> ForkFlags.NOREAP;
                case "ForkFlags.SHAREHANDLE" -> ForkFlags.SHAREHANDLE;
                case "ForkFlags.SHAREMEM" -> ForkFlags.SHAREMEM;
                case "ForkFlags.NEWFS" -> ForkFlags.NEWFS;
                default -> Integer.parseInt(t);
            };
        }
        return flags;
    }

    static FaultSetting fault(String point, String knobs) {
        List<String> pids = new ArrayList<>();
        String subtree = null;
        double probability = 1.0;
        long seed = 1;
        int every = 1;
        long after = 0;
        long times = -1;
        long parameter = 0;
        int i = 0;
        while (i < knobs.length()) {
            int open = knobs.indexOf('(', i);
            if (knobs.charAt(i) != '.' || open < 0) {
                throw new IllegalArgumentException("cannot read the fault setting " + knobs);
            }
            String name = knobs.substring(i + 1, open);
            int depth = 0;
            int close = open;
            for (; close < knobs.length(); close++) {
                char c = knobs.charAt(close);
                depth += c == '(' ? 1 : c == ')' ? -1 : 0;
                if (depth == 0) {
                    break;
                }
            }
            if (close >= knobs.length()) {
                throw new IllegalArgumentException("cannot read the fault setting " + knobs);
            }
            String v = knobs.substring(open + 1, close).strip();
            switch (name) {
                case "forPids" -> {
                    for (String p : v.split(",")) {
                        pids.add(p.strip().replace(".pid()", ""));
                    }
                }
                case "forSubtree" -> subtree = v.replace(".pid()", "");
                case "probability" -> probability = Double.parseDouble(v);
                case "seed" -> seed = Long.parseLong(v);
                case "every" -> every = Integer.parseInt(v);
                case "after" -> after = Long.parseLong(v);
                case "times" -> times = Long.parseLong(v);
                case "parameter" -> parameter = parameter(v);
                default -> throw new IllegalArgumentException("unknown fault knob " + name + " in " + knobs);
            }
            i = close + 1;
        }
        return new FaultSetting(point, pids, subtree, probability, every, times, after, parameter, seed);
    }

    private static long parameter(String v) {
        if (v.startsWith("Syscall.")) {
            try {
                return Syscall.class.getField(v.substring(8)).getInt(null);
            } catch (ReflectiveOperationException e) {
                throw new IllegalArgumentException("no system call " + v);
            }
        }
        return switch (v) {
            case "Faults.FRAMES_IN_SYSCALLS" -> 1;
            case "Faults.FRAMES_IN_PAGE_FAULTS" -> 2;
            case "Faults.FRAMES_ANY" -> 0;
            default -> Long.parseLong(v);
        };
    }
}
