package oolong.repl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import oolong.introspect.program.CpuState;
import oolong.repl.api.SnippetContext;
import oolong.repl.introspect.DumpTarget;
import oolong.repl.introspect.Introspection;
import oolong.repl.introspect.Symbolizer;
import oolong.repl.shell.BatchRunner;
import oolong.repl.shell.InteractiveConsole;
import oolong.repl.shell.JShellSession;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The REPL on a dump, with no QEMU ({@code scripts/oolong open DUMP [SCRIPT.jsh]};
 * docs/introspection.md): {@code vm} reads the dump's memory and registers ({@code vm.core()},
 * {@code vm.backtrace()}, {@code vm.symbol(a)}, {@code vm.registers()}), {@code k} refuses (there
 * is no kernel to talk to). The dump must come from the build whose images are read.
 *
 * <pre>
 *   oolong.repl.OfflineMain [--images DIR] DUMP [SCRIPT.jsh]
 *   exit: as the REPL's batch mode (0 ok, 1 a snippet failed, 2 a check failed), 3 the dump cannot be opened
 * </pre>
 */
public final class OfflineMain {
    private OfflineMain() {
    }

    public static void main(String[] args) throws IOException {
        System.exit(run(args));
    }

    static int run(String[] args) throws IOException {
        Path images = Path.of(System.getProperty("oolong.images", "boot/target/images"));
        Path dump = null;
        Path script = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--images") && i + 1 < args.length) {
                images = Path.of(args[++i]);
            } else if (dump == null) {
                dump = Path.of(args[i]);
            } else if (script == null) {
                script = Path.of(args[i]);
            } else {
                System.err.println("oolong open: unexpected argument '" + args[i] + "'\nusage: open DUMP [SCRIPT.jsh]");
                return 64;
            }
        }
        if (dump == null) {
            System.err.println("usage: scripts/oolong open DUMP [SCRIPT.jsh]");
            return 64;
        }
        if (script != null && !Files.isRegularFile(script)) {
            System.err.println("oolong open: no script " + script);
            return 3;
        }
        DumpTarget target;
        try {
            target = DumpTarget.open(dump, new Introspection(images));
        } catch (IOException | RuntimeException e) {
            System.err.println("oolong open: cannot open " + dump + ": " + e.getMessage());
            return 3;
        }
        try (target) {
            SnippetContext context = SnippetContext.offline(target);
            System.err.println("[oolong] opened " + dump + ": " + (target.dump().ramBytes() >> 20) + " MiB of RAM"
                    + cpuLine(target) + "; images from " + images + " (no QEMU: k is not available, vm reads the dump)");
            try (JShellSession shell = new JShellSession(Main.STARTUP, context)) {
                if (script != null) {
                    return new BatchRunner(shell, System.out, context.checks()::failures).run(
                            Files.readString(script, StandardCharsets.UTF_8), script.getFileName().toString());
                }
                Terminal terminal = TerminalBuilder.builder().name("oolong").system(true).build();
                Path history = oolong.repl.shell.HistoryFile.current();
                new InteractiveConsole(shell, terminal, new OfflineHost(context), history).run();
                terminal.close();
                return 0;
            }
        }
    }

    private static String cpuLine(DumpTarget target) {
        if (target.dump().cpus().isEmpty()) {
            return "";
        }
        CpuState cpu = target.dump().cpus().get(0);
        return String.format(", CPU 0 at rip 0x%x%s", cpu.rip(), Symbolizer.suffix(cpu.rip()));
    }

    /** Nothing to reboot, nothing pushed: a dump does not change. */
    static final class OfflineHost implements InteractiveConsole.Host {
        private final SnippetContext context;

        OfflineHost(SnippetContext context) {
            this.context = context;
        }

        @Override
        public int failedChecks() {
            return context.checks().failures();
        }

        @Override
        public String reboot() {
            return "there is no machine to reboot: this is a dump opened offline";
        }

        @Override
        public String pendingNotice() {
            return null;
        }
    }
}
