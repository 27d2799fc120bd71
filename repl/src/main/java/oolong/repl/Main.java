package oolong.repl;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import oolong.qmp.VmConfig;
import oolong.repl.api.SnippetContext;
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
                    default -> throw new IllegalArgumentException("unknown argument '" + a + "'");
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println("oolong: " + e.getMessage());
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
            try (JShellSession shell = new JShellSession(STARTUP, context)) {
                ConsoleHost host = new ConsoleHost(session, context);
                if (scriptText != null) {
                    return new BatchRunner(shell, System.out, context.checks()::failures).notices(host::notices)
                            .reboot(host::reboot).run(scriptText, Path.of(script).getFileName().toString());
                }
                Terminal terminal = TerminalBuilder.builder().name("oolong").system(true).build();
                Path history = Path.of(System.getProperty("user.home"), ".oolong_history");
                new InteractiveConsole(shell, terminal, host, history).run();
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

        ConsoleHost(Session session, SnippetContext context) {
            this.session = session;
            this.context = context;
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
