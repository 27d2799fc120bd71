package oolong.repl;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import oolong.qmp.VmConfig;
import oolong.repl.api.SnippetContext;
import oolong.repl.reload.Rebuild;
import oolong.repl.reload.Reloader;
import oolong.repl.reload.SourceWatch;
import oolong.repl.reload.StateLog;
import oolong.repl.session.Session;
import oolong.repl.shell.BatchRunner;
import oolong.repl.shell.InteractiveConsole;
import oolong.repl.shell.JShellSession;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The REPL's entry point ({@code scripts/oolong}): boots the kernel in QEMU, connects to its agent
 * and opens a JShell session with {@code k} (the kernel) and {@code vm} (the machine) bound.
 *
 * <pre>
 *   oolong.repl.Main [options]              interactive
 *   oolong.repl.Main [options] run FILE.jsh  batch: exit 0 ok, 1 a snippet failed, 2 a check failed, 3 no machine
 *   options: --images DIR  --accel tcg|kvm  --memory MIB  --init "CMD;CMD"  --append ARGS
 *            --watch DIR  (interactive: reload whenever a source under the checkout DIR is saved)
 * </pre>
 */
public final class Main {
    static final List<String> STARTUP = List.of(
            "import java.util.*;",
            "import oolong.api.*;",
            "import oolong.api.sched.*;",
            "import oolong.api.probe.*;",
            "import oolong.repl.api.*;",
            "var k = oolong.repl.api.Oolong.kernel();",
            "var vm = oolong.repl.api.Oolong.machine();");

    private Main() {
    }

    public static void main(String[] args) throws IOException {
        System.exit(run(args));
    }

    static int run(String[] args) throws IOException {
        args = withScriptOptions(args);
        if (args == null) {
            return 64;
        }
        Path images = Path.of(System.getProperty("oolong.images", "boot/target/images"));
        VmConfig config = new VmConfig();
        String init = "";
        String append = "";
        String script = null;
        Path watch = null;
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                String v = i + 1 < args.length ? args[i + 1] : null;
                switch (a) {
                    case "--images" -> { images = Path.of(need(a, v)); i++; }
                    case "--accel" -> { config.accelerator(need(a, v)); i++; }
                    case "--memory" -> { config.memoryMiB(number(a, need(a, v))); i++; }
                    case "--init" -> { init = need(a, v); i++; }
                    case "--append" -> { append = need(a, v); i++; }
                    case "run" -> { script = need(a, v); i++; }
                    case "--watch" -> { watch = Path.of(need(a, v)); i++; }
                    default -> throw new IllegalArgumentException("unknown argument '" + a + "'");
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println("oolong: " + e.getMessage());
            return 64;
        }
        if (watch != null && script != null) {
            System.err.println("oolong: --watch is for the interactive REPL, not for run");
            return 64;
        }
        Path kernel = images.resolve("kernel.elf");
        Path user = images.resolve("user.elf");
        if (!Files.exists(kernel) || !Files.exists(user)) {
            System.err.println("oolong: no kernel image in " + images + " (build with: scripts/oolong build)");
            return 3;
        }
        String cmdline = (init.isBlank() ? "" : "init=\"" + init.replace("\"", "\\\"") + "\" ") + append;
        config.kernel(kernel).module(user.toString()).append(cmdline.trim());
        String scriptText = script == null ? null : Files.readString(Path.of(script), StandardCharsets.UTF_8);
        PrintStream progress = System.err;
        try (Session session = new Session(config, progress)) {
            try {
                session.boot();
            } catch (IOException e) {
                System.err.println("oolong: " + e.getMessage());
                return 3;
            }
            SnippetContext context = SnippetContext.live(session, images);
            try (JShellSession shell = new JShellSession(STARTUP, context);
                 Rebuild rebuild = Rebuild.configured()) {
                ConsoleHost host = new ConsoleHost(session, context, shell, rebuild);
                if (scriptText != null) {
                    return new BatchRunner(shell, System.out, context.checks()::failures).notices(host::notices)
                            .reboot(host::reboot).reload(host::reload)
                            .run(scriptText, Path.of(script).getFileName().toString());
                }
                Terminal terminal = TerminalBuilder.builder().name("oolong").system(true).build();
                Path history = oolong.repl.shell.HistoryFile.current();
                InteractiveConsole console = new InteractiveConsole(shell, terminal, host, history);
                try (SourceWatch watcher = watch == null ? null
                        : new SourceWatch(SourceWatch.sourcesOf(watch), console::reloadInBackground)) {
                    if (watcher != null) {
                        System.err.println("[oolong] watching " + watch.resolve("kernel") + " and "
                                + watch.resolve("boot/src/main") + ": a save rebuilds, reboots and replays (as /reload)");
                    }
                    console.run();
                }
                terminal.close();
                return 0;
            }
        }
    }

    private static int number(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number, not '" + value + "'");
        }
    }

    /** The options of the script's //! lines (ScriptOptions) first, then the command line's: the latter win. */
    private static String[] withScriptOptions(String[] args) throws IOException {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("run") && Files.exists(Path.of(args[i + 1]))) {
                try {
                    List<String> all = new java.util.ArrayList<>(ScriptOptions.of(Files.readString(Path.of(args[i + 1]))));
                    all.addAll(List.of(args));
                    return all.toArray(new String[0]);
                } catch (IllegalArgumentException e) {
                    System.err.println("oolong: " + args[i + 1] + ": " + e.getMessage());
                    return null;
                }
            }
        }
        return args;
    }

    private static String need(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }

    /** What the interactive console and the batch runner ask of the session. */
    static final class ConsoleHost implements InteractiveConsole.Host {
        private final Session session;
        private final SnippetContext context;
        private final StateLog stateLog = new StateLog();
        private final Reloader reloader;

        ConsoleHost(Session session, SnippetContext context, JShellSession shell, Rebuild rebuild) {
            this.session = session;
            this.context = context;
            /* every agent request a snippet sends tells the state log what the snippet built */
            session.observeRequests(stateLog::request);
            shell.observe(new JShellSession.Observer() {
                @Override
                public void before(String snippet) {
                    stateLog.begin(session.generation());
                }

                @Override
                public void after(String snippet, JShellSession.Outcome outcome) {
                    stateLog.end(snippet, outcome.failed(), session.generation());
                }
            });
            this.reloader = new Reloader(stateLog, new Reloader.Steps() {
                @Override
                public boolean build(PrintStream out) {
                    return rebuild.run(out);
                }

                @Override
                public String reboot() throws IOException {
                    session.reboot();
                    return "rebooted; k and vm now talk to the new machine";
                }

                @Override
                public String replay(String source) {
                    for (JShellSession.Outcome o : shell.eval(source)) {
                        if (o.failed()) {
                            return o.message();
                        }
                    }
                    shell.drainOutput();
                    return null;
                }
            });
        }

        @Override
        public boolean reload(PrintStream out) {
            return reloader.reload(out).ok();
        }

        /** The machine's notices (a panic, its end), then the kernel's (scheduler fallbacks). */
        List<String> notices() {
            List<String> all = new java.util.ArrayList<>(session.notices().take());
            try {
                all.addAll(context.kernel().takeNotices());
            } catch (RuntimeException e) {
                /* no kernel to ask: the machine's notices say why */
            }
            return all;
        }

        @Override
        public String reboot() {
            stateLog.clear();       /* a fresh machine: nothing of the old state is there */
            try {
                session.reboot();
                return "rebooted; k and vm now talk to the new machine";
            } catch (IOException e) {
                return "reboot failed: " + e.getMessage();
            }
        }

        @Override
        public oolong.repl.shell.CompletionSources completions() {
            return new LiveCompletions(session);
        }

        @Override
        public int failedChecks() {
            return context.checks().failures();
        }

        @Override
        public String pendingNotice() {
            List<String> notices = notices();
            return notices.isEmpty() ? null : String.join("\n", notices);
        }

        @Override
        public void onNotice(Runnable wake) {
            session.notices().onPosted(wake);
        }
    }
}
