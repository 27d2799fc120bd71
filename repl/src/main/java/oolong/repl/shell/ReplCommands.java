package oolong.repl.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * The REPL's short commands ({@code /ps}, {@code /kill 3}, ...): each becomes a Java snippet on
 * the facade, so a command and its long form behave exactly alike. JShell's own commands are not
 * available (Oolong is not the jshell tool); {@code /help} lists what is.
 */
public final class ReplCommands {
    /** A command's translation: a snippet to evaluate, text to print, or an action for the front end. */
    public record Translation(String snippet, String text, Action action) {
        public enum Action { NONE, EXIT, REBOOT, HELP }

        static Translation snippet(String s) {
            return new Translation(s, null, Action.NONE);
        }

        static Translation error(String message) {
            return new Translation(null, message, Action.NONE);
        }
    }

    private record Command(String name, String args, String snippetFormat, String help) {
    }

    private static final List<Command> COMMANDS = List.of(
            new Command("ps", "", "k.ps()", "the process tree, with states"),
            new Command("proc", "PID", "k.proc(%s)", "one process in depth"),
            new Command("kill", "PID [CODE]", "k.kill(%s)", "kill a process (default exit code -1)"),
            new Command("filicide", "PID [CODE]", "k.filicide(%s)", "kill every descendant of a process"),
            new Command("handles", "PID", "k.handles(%s)", "a process's handle table"),
            new Command("pages", "PID", "k.pages(%s)", "a process's page mappings"),
            new Command("stats", "", "k.stats()", "kernel statistics"),
            new Command("check", "", "k.check()", "the kernel's invariant check and leak counters"),
            new Command("events", "", "k.events()", "events the kernel pushed since the last call"),
            new Command("faults", "", "k.faults().list()", "fault points: knobs, hits and failures"),
            new Command("sched", "", "k.sched()", "the scheduling policy, its decisions and fallbacks"),
            new Command("cpu", "", "k.sched().stats()", "CPU time and runs per process"),
            new Command("timeline", "", "k.sched().timeline()", "which process ran when, since the last call"),
            new Command("bt", "", "vm.backtrace()", "the kernel's stack, read from memory (works on a hung kernel)"),
            new Command("gdb", "", "vm.gdb()", "gdb on the machine through QEMU's gdbstub, with Java names"));

    private ReplCommands() {
    }

    public static boolean isCommand(String line) {
        String t = line.strip();
        return t.startsWith("/") && !t.startsWith("//") && !t.startsWith("/*");
    }

    public static Translation translate(String line) {
        String[] words = line.strip().substring(1).split("\\s+");
        String name = words[0];
        switch (name) {
            case "help", "?":
                return new Translation(null, help(), Translation.Action.HELP);
            case "exit", "quit":
                return new Translation(null, null, Translation.Action.EXIT);
            case "reboot":
                return new Translation(null, null, Translation.Action.REBOOT);
            default:
                break;
        }
        for (Command c : COMMANDS) {
            if (!c.name.equals(name)) {
                continue;
            }
            int required = 0;
            int allowed = 0;
            for (String spec : c.args.isEmpty() ? new String[0] : c.args.split(" ")) {
                allowed++;
                if (!spec.startsWith("[")) {
                    required++;
                }
            }
            int given = words.length - 1;
            if (given < required || given > allowed) {
                return Translation.error("usage: /" + c.name + (c.args.isEmpty() ? "" : " " + c.args));
            }
            List<String> numbers = new ArrayList<>();
            for (int i = 1; i < words.length; i++) {
                try {
                    numbers.add(Long.toString(Long.parseLong(words[i])));
                } catch (NumberFormatException e) {
                    return Translation.error("/" + c.name + ": '" + words[i] + "' is not a number; usage: /" + c.name
                            + " " + c.args);
                }
            }
            return Translation.snippet(String.format(c.snippetFormat, String.join(", ", numbers)));
        }
        return Translation.error("unknown command /" + name + "; /help lists the commands");
    }

    public static String help() {
        StringBuilder sb = new StringBuilder();
        sb.append("Oolong REPL: Java snippets (JShell) on a live kernel.\n\n");
        sb.append("Objects ready in every snippet:\n");
        sb.append("  k    the kernel (through its agent):   k.ps()  k.proc(3)  k.kill(3)  k.filicide(1)\n");
        sb.append("       k.handles(3)  k.pages(3)  k.spawn(\"tree\", \"3\", \"2\")  k.check()  k.stats()  k.events()\n");
        sb.append("       k.puppet(): a user process that makes the system calls you ask for\n");
        sb.append("  vm   the virtual machine (through QMP): vm.pause()  vm.resume()  vm.reset()\n");
        sb.append("       vm.hmp(\"info registers\")  vm.snapshot(\"name\")  vm.restore(\"name\")  vm.panic()\n");
        sb.append("  fault injection (docs/faults.md): k.faults().failFrames()...  k.faults().prepare(\"frames\")...on()\n");
        sb.append("       k.chaos(seed, steps)  var base = k.baseline(); ... k.leakReport(base)\n\n");
        sb.append("Commands:\n");
        for (Command c : COMMANDS) {
            String usage = "/" + c.name + (c.args.isEmpty() ? "" : " " + c.args);
            sb.append(String.format("  %-22s %s   (= %s)%n", usage, c.help, String.format(c.snippetFormat, c.args.isEmpty()
                    ? "" : c.args.split(" ")[0])));
        }
        sb.append(String.format("  %-22s %s%n", "/reboot", "reset the machine and reconnect"));
        sb.append(String.format("  %-22s %s%n", "/help", "this text"));
        sb.append(String.format("  %-22s %s%n", "/exit", "leave (the virtual machine is shut down)"));
        sb.append("\nExamples:\n");
        sb.append("  var p = k.puppet(); var c = p.fork(); c.exit(7); p.await()     // 7\n");
        sb.append("  k.spawn(\"tree\", \"2\", \"2\")    and then    /ps\n");
        sb.append("  k.ps().stream().filter(x -> x.state().equals(\"TOMBSTONE\")).toList()\n");
        return sb.toString();
    }
}
