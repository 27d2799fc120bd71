package oolong.repl.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The REPL's slash commands, in one table that everything else is generated from: the help text
 * ({@code /help}), per-command help ({@code /help ps}), Tab completion of command names and
 * arguments, and the translation of a command into a Java snippet on the facade ({@code /kill 3}
 * becomes {@code k.kill(3)}), so a command and its long form behave exactly alike. The jshell
 * session commands ({@code /list}, {@code /vars}, {@code /history}, {@code /save}, {@code /open})
 * are here too; the front ends run them through {@link SessionCommands}.
 */
public final class ReplCommands {
    /** A command's translation: a snippet to evaluate, text to print, or an action for the front end. */
    public record Translation(String snippet, String text, Action action) {
        public enum Action { NONE, EXIT, REBOOT, RELOAD, HELP, SESSION }

        static Translation snippet(String s) {
            return new Translation(s, null, Action.NONE);
        }

        static Translation error(String message) {
            return new Translation(null, message, Action.NONE);
        }
    }

    /** What a command does. */
    public enum Kind {
        /** becomes a snippet on k (its arguments are integers) */
        SNIPPET,
        /** a jshell session command, run by SessionCommands */
        SESSION,
        HELP,
        REBOOT,
        RELOAD,
        EXIT
    }

    /**
     * One command: its name and aliases, its arguments ("PID [CODE]": optional ones in brackets;
     * PID, CODE, FILE, COMMAND also say what Tab offers), the snippet it stands for (%s: the
     * arguments), a one-line summary and the longer text of {@code /help NAME}.
     */
    public record Command(String name, List<String> aliases, String args, Kind kind, String snippetFormat, String summary,
                          String details) {
        /** "/kill PID [CODE]". */
        public String usage() {
            return "/" + name + (args.isEmpty() ? "" : " " + args);
        }

        /** The argument names, brackets removed: ["PID", "CODE"]. */
        public List<String> argumentNames() {
            List<String> out = new ArrayList<>();
            for (String a : args.isEmpty() ? new String[0] : args.split(" ")) {
                out.add(a.replace("[", "").replace("]", ""));
            }
            return out;
        }

        int required() {
            int n = 0;
            for (String a : args.isEmpty() ? new String[0] : args.split(" ")) {
                n += a.startsWith("[") ? 0 : 1;
            }
            return n;
        }

        /** The snippet with the argument names in place: "k.kill(PID)" for /kill PID [CODE]. */
        String example() {
            return String.format(snippetFormat, required() == 0 ? "" : String.join(", ", argumentNames().subList(0, required())));
        }

        /** Every name that runs it, with the slash. */
        public List<String> spellings() {
            List<String> out = new ArrayList<>();
            out.add("/" + name);
            aliases.forEach(a -> out.add("/" + a));
            return out;
        }
    }

    private static Command snippet(String name, String args, String format, String summary, String details) {
        return new Command(name, List.of(), args, Kind.SNIPPET, format, summary, details);
    }

    private static final List<Command> COMMANDS = List.of(
            snippet("ps", "", "k.ps()", "the process tree, with states",
                    "Every process in tree order (pre-order, as the seed walks it), drawn as a tree like pstree.\n"
                    + "Columns: PID; STATE; CODE, the exit code once it died; CPU ms; HND, open handles; PAGES,\n"
                    + "resident pages; PROGRAM, with the tree's connectors. The result is a List<ProcessInfo>:\n"
                    + "  k.ps().children(2)      the children of pid 2, newest first\n"
                    + "  k.ps().inState(\"TOMBSTONE\")\n"
                    + "  k.ps().svg(\"/tmp/ps.svg\")   the tree as a picture, states coloured"),
            snippet("proc", "PID", "k.proc(%s)", "one process in depth",
                    "State and what it waits for, parent and children, exit code, saved user registers (rip, rsp),\n"
                    + "interrupt handler, sharing, CPU time and runs, nice and weight. Addresses are in hex.\n"
                    + "The result is a ProcessDetail: k.proc(2).state(), k.proc(2).children(), k.proc(2).json()"),
            snippet("kill", "PID [CODE]", "k.kill(%s)", "kill a process (default exit code -1)",
                    "Kills the process as the seed's kill does: its handles close, its address space goes, its\n"
                    + "children live on and its parent can reap it. Returns the process as it is after the kill.\n"
                    + "Killing init while it has children is the seed's panic; the kernel refuses it unless you\n"
                    + "write k.kill(1, CODE, true)."),
            snippet("filicide", "PID [CODE]", "k.filicide(%s)", "kill every descendant of a process",
                    "Kills every descendant, deepest first, and returns the pids that were alive. The process\n"
                    + "itself lives on."),
            snippet("handles", "PID", "k.handles(%s)", "a process's handle table",
                    "One line per open slot: type, pipe end, reference count, read/write, whether the other end\n"
                    + "is open and which processes are blocked on it."),
            snippet("pages", "PID", "k.pages(%s)", "a process's page mappings",
                    "Runs of virtual pages backed by consecutive frames with the same flags (r w x u c), with\n"
                    + "addresses in hex. Long: the interactive console pages it (space: next page, q: quit).\n"
                    + "k.verifyPages(PID) compares it with the CPU's own translation."),
            snippet("stats", "", "k.stats()", "kernel statistics",
                    "Uptime and timer, processes, scheduler, frames, the kernel's Java heap and collector, the\n"
                    + "kernel loop, the agent's traffic and interrupts. The result is a KernelStats:\n"
                    + "k.stats().frames().free(), k.stats().json()"),
            snippet("check", "", "k.check()", "the kernel's invariant check and leak counters",
                    "Runs the kernel's invariant check; violations count as a failed check (a batch script then\n"
                    + "exits with 2)."),
            snippet("events", "", "k.events()", "events the kernel pushed since the last call",
                    "Process exits, policy swaps and fallbacks, panics, since the last call (and forgets them)."),
            snippet("faults", "", "k.faults().list()", "fault points: knobs, hits and failures",
                    "Every fault point with its knobs (probability, every Nth, times left, parameter), hits and\n"
                    + "failures, and the timer. Switch points on with k.faults().failFrames()... or\n"
                    + "k.faults().prepare(\"frames\")...on(); see docs/faults.md."),
            snippet("sched", "", "k.sched()", "the scheduling policy, its decisions and fallbacks",
                    "The running policy, decisions since it was installed (per second, mean cost), decisions in\n"
                    + "all, fallbacks and the last reason. Swap policies with\n"
                    + "  k.sched().use(\"stride\")        a built-in policy (Tab inside the quotes lists them)\n"
                    + "  k.sched().install(Fair.class)  a class typed into the REPL (see docs/scheduler.md)\n"
                    + "k.sched().info() gives the same in detail, as a SchedState."),
            snippet("cpu", "", "k.sched().stats()", "CPU time and runs per process",
                    "CPU time, runs, nice and weight of every live process."),
            snippet("timeline", "", "k.sched().timeline()", "which process ran when, since the last call",
                    "One row per process over 72 columns, with policy swaps marked underneath. Write it as a\n"
                    + "picture with k.sched().timeline().svg(\"/tmp/t.svg\")."),
            snippet("bt", "", "vm.backtrace()", "the kernel's stack, read from memory (works on a hung kernel)",
                    "Walks the kernel's frame pointers from the CPU's registers, read through QEMU, not the agent:\n"
                    + "it works while the kernel runs, paused, stuck in a loop or after a panic. Each frame names\n"
                    + "its Java method and line. vm.symbol(ADDRESS) names one address; see docs/introspection.md."),
            snippet("gdb", "", "vm.gdb()", "gdb on the machine through QEMU's gdbstub, with Java names",
                    "Starts gdb on this terminal, attached to QEMU's gdbstub with the kernel's and user image's\n"
                    + "symbols; jbreak Processes.kill sets a breakpoint on a Java method. Leave gdb to come back\n"
                    + "(the machine goes on). The recipe is in docs/introspection.md."),
            new Command("reboot", List.of(), "", Kind.REBOOT, "", "a fresh machine; k and vm reconnect",
                    "Starts a fresh QEMU and kernel (snapshots survive). In a batch script, the script goes on\n"
                    + "with the new machine."),
            new Command("reload", List.of(), "", Kind.RELOAD, "", "rebuild what changed, reboot, replay the session's state",
                    "Rebuilds the images (only what changed), boots a fresh machine on them and replays the snippets\n"
                    + "that built kernel state on the old one, in order: spawns, puppets and their calls, kills,\n"
                    + "policy swaps, fault settings (probes and patches too). Your variables, classes and methods\n"
                    + "stay; a replayed  int t = k.spawn(...)  gives t the new pid. Prints each replayed snippet\n"
                    + "and what failed to replay. scripts/oolong --watch does the same whenever a source is saved."),
            new Command("list", List.of(), "", Kind.SESSION, "", "the snippets you typed, with their ids",
                    "The snippets of this session that are active, numbered as jshell numbers them (the start-up\n"
                    + "snippets are s1, s2, ...)."),
            new Command("vars", List.of(), "", Kind.SESSION, "", "the variables, with types and values",
                    "Every variable of the session: the ones you declared and the $N that hold expression\n"
                    + "results (use them like any variable: $3.children(1))."),
            new Command("history", List.of(), "", Kind.SESSION, "", "what you typed in this session",
                    "Every line you entered in this session, commands included, in order."),
            new Command("save", List.of(), "FILE", Kind.SESSION, "", "save the session as a script",
                    "Writes what you typed that worked (snippets and commands, not the session commands) to\n"
                    + "FILE. Replay it on a fresh machine with  scripts/oolong run FILE  or here with /open FILE."),
            new Command("open", List.of(), "FILE", Kind.SESSION, "", "run a script in this session",
                    "Runs the snippets and commands of FILE here, each echoed with its result, as batch mode\n"
                    + "does; stops at the first that fails."),
            new Command("help", List.of("?"), "[COMMAND]", Kind.HELP, "", "this text, or one command's",
                    "/help lists everything; /help NAME (with or without the slash) explains one command."),
            new Command("exit", List.of("quit"), "", Kind.EXIT, "", "leave (the virtual machine is shut down)",
                    "Leaves the REPL; QEMU is shut down and the session's snapshots are deleted. Ctrl-D too."));

    private ReplCommands() {
    }

    /** Every command, in the order /help lists them. */
    public static List<Command> all() {
        return COMMANDS;
    }

    /** The command a name or alias (with or without the slash) stands for. */
    public static Optional<Command> find(String name) {
        String n = name.startsWith("/") ? name.substring(1) : name;
        return COMMANDS.stream().filter(c -> c.name().equals(n) || c.aliases().contains(n)).findFirst();
    }

    public static boolean isCommand(String line) {
        String t = line.strip();
        return t.startsWith("/") && !t.startsWith("//") && !t.startsWith("/*");
    }

    public static Translation translate(String line) {
        String[] words = line.strip().substring(1).split("\\s+");
        String name = words[0];
        Optional<Command> found = find(name);
        if (found.isEmpty()) {
            return Translation.error("unknown command /" + name + "; /help lists the commands");
        }
        Command c = found.get();
        int given = words.length - 1;
        int allowed = c.argumentNames().size();
        switch (c.kind()) {
            case HELP:
                if (given > 1) {
                    return Translation.error("usage: " + c.usage());
                }
                if (given == 1) {
                    return find(words[1]).map(h -> new Translation(null, help(h), Translation.Action.HELP))
                            .orElseGet(() -> Translation.error("no command " + words[1] + "; /help lists the commands"));
                }
                return new Translation(null, help(), Translation.Action.HELP);
            case EXIT:
                return new Translation(null, null, Translation.Action.EXIT);
            case REBOOT:
                return given == 0 ? new Translation(null, null, Translation.Action.REBOOT)
                        : Translation.error("usage: " + c.usage());
            case RELOAD:
                return given == 0 ? new Translation(null, null, Translation.Action.RELOAD)
                        : Translation.error("usage: " + c.usage());
            case SESSION:
                /* FILE takes the rest of the line, spaces included */
                if (allowed == 0 ? given != 0 : given < c.required()) {
                    return Translation.error("usage: " + c.usage());
                }
                return new Translation(null, null, Translation.Action.SESSION);
            default:
                break;
        }
        if (given < c.required() || given > allowed) {
            return Translation.error("usage: " + c.usage());
        }
        List<String> numbers = new ArrayList<>();
        for (int i = 1; i < words.length; i++) {
            try {
                numbers.add(Long.toString(Long.parseLong(words[i])));
            } catch (NumberFormatException e) {
                return Translation.error("/" + c.name() + ": '" + words[i] + "' is not a number; usage: " + c.usage());
            }
        }
        return Translation.snippet(String.format(c.snippetFormat(), String.join(", ", numbers)));
    }

    /** The help text: the objects, every command of the table, examples. */
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
        oolong.repl.view.Table table = new oolong.repl.view.Table().left("").left("").left("");
        for (Command c : COMMANDS) {
            String names = c.usage() + c.aliases().stream().map(a -> ", /" + a).reduce("", String::concat);
            table.row(names, c.summary(), c.kind() == Kind.SNIPPET ? "= " + c.example() : "");
        }
        /* the table's first line is its (empty) header */
        table.toString().lines().skip(1).forEach(l -> sb.append(l.isEmpty() ? "" : "  ").append(l).append('\n'));
        sb.append("\n/help NAME explains one command. Tab completes Java, command names and their arguments, and\n");
        sb.append("names inside strings; after an open parenthesis it shows the signatures and documentation.\n");
        sb.append("Expression results are kept in $1, $2, ... (/vars lists them).\n");
        sb.append("\nExamples:\n");
        sb.append("  var p = k.puppet(); var c = p.fork(); c.exit(7); p.await()     // 7\n");
        sb.append("  k.spawn(\"tree\", \"2\", \"2\")    and then    /ps\n");
        sb.append("  k.ps().stream().filter(x -> x.state().equals(\"TOMBSTONE\")).toList()\n");
        return sb.toString();
    }

    /** One command's help, as crash's "help CMD": usage, what it stands for, what it does. */
    public static String help(Command c) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.join(", ", c.spellings())).append(" - ").append(c.summary()).append("\n\n");
        sb.append("usage: ").append(c.usage()).append('\n');
        if (c.kind() == Kind.SNIPPET) {
            sb.append("same as: ").append(c.example()).append('\n');
        }
        sb.append('\n').append(c.details());
        return sb.toString();
    }
}
