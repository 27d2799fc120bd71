package oolong.repl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import oolong.introspect.kernel.Backtrace;
import oolong.introspect.kernel.Frame;
import oolong.introspect.kernel.StackUnwinder;
import oolong.qmp.VirtualMachine;
import oolong.qmp.VmConfig;
import oolong.repl.session.Session;
import oolong.repl.api.DumpFile;
import oolong.repl.api.Kernel;
import oolong.repl.api.Machine;
import oolong.repl.api.ProcessInfo;
import oolong.repl.api.ProcessTree;
import oolong.repl.introspect.Introspection;
import oolong.repl.introspect.LiveTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A post-mortem, end to end: the seed's panic (killing init while it has children), then the
 * tree and the backtrace read from the paused machine's memory, a dump, and the same tree from the
 * dump with scripts/oolong open and no QEMU. And a CPU exception in the kernel, whose backtrace
 * goes through the exception frame to the faulting method.
 */
@Timeout(300)
class PostMortemIT {
    static final Path IMAGES = Path.of(System.getProperty("oolong.images", "../boot/target/images"));

    @TempDir
    Path dir;

    @Test
    void panicTreeBacktraceDumpAndTheSameTreeOffline() throws Exception {
        try (Session session = LiveKernel.boot()) {
            Kernel k = new Kernel(session::agent);
            Machine vm = new Machine(session);
            k.spawn("tree", "2", "2");
            LiveKernel.until(k, () -> k.ps().size() == 8 && k.ps().stream().noneMatch(p -> p.state().equals("RUNNING")),
                    "init and seven tree processes, settled");
            ProcessTree before = k.ps();

            IllegalStateException panic = assertThrows(IllegalStateException.class, () -> k.kill(1, 9, true));
            assertTrue(panic.getMessage().contains("kernel panic"), panic.getMessage());
            assertEquals("guest-panicked", vm.status());
            assertTrue(Pattern.compile("rip=[0-9a-f]{16} <").matcher(vm.panic()).find(), "the panic report's rip has its symbol:\n"
                    + vm.panic());

            ProcessTree after = vm.core().ps();
            assertEquals(before.stream().map(ProcessInfo::pid).toList(), after.stream().map(ProcessInfo::pid).toList(),
                    "every process is still listed\n" + after);
            assertEquals("TOMBSTONE", after.pid(1).orElseThrow().state());
            Backtrace bt = vm.backtrace();
            assertTrue(bt.mentions("Processes.kill") && bt.mentions("Machine.panicReport"), bt.toString());

            DumpFile dump = vm.dump(dir.resolve("panic.core").toString());
            assertTrue(dump.bytes() > 200L << 20, dump.toString());
            assertEquals("guest-panicked", vm.status(), "dumping leaves the machine as it was");

            Path script = dir.resolve("post-mortem.jsh");
            Files.writeString(script, """
                    System.out.println("TREE\\n" + vm.core().ps() + "\\nEND");
                    Oolong.expect(vm.backtrace().mentions("Processes.kill"), "the kill path in the dump's backtrace");
                    Oolong.expect(vm.registers().rip() != 0, "registers from the dump");
                    """);
            String out = openOffline(dump.path(), script);
            String tree = out.substring(out.indexOf("TREE\n") + 5, out.indexOf("\nEND"));
            assertEquals(after.toString(), tree, out);
            String screen = openInteractively(dump.path(), "vm.core().ps()\n/exit\n");
            assertTrue(screen.replace("\r", "").contains(after.toString()), screen);

            /* a dump of another build is refused: change one byte of the kernel's code in the dump */
            long textStart = new Introspection(IMAGES).kernel().textStart();
            try (oolong.introspect.elf.ElfFile elf = oolong.introspect.elf.ElfFile.open(dump.path());
                 java.io.RandomAccessFile file = new java.io.RandomAccessFile(dump.path().toFile(), "rw")) {
                oolong.introspect.elf.ElfSegment low = elf.segments().stream().filter(g -> g.type() == 1
                        && g.physicalAddress() <= textStart && textStart < g.physicalAddress() + g.fileSize()).findFirst()
                        .orElseThrow();
                file.seek(low.offset() + textStart - low.physicalAddress());
                int b = file.read();
                file.seek(low.offset() + textStart - low.physicalAddress());
                file.write(b ^ 0xFF);
            }
            Process other = new ProcessBuilder(Path.of("../scripts/oolong").toAbsolutePath().normalize().toString(), "open",
                    dump.path().toString(), script.toString(), "--no-build").redirectErrorStream(true).start();
            String refused = new String(other.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(other.waitFor(120, TimeUnit.SECONDS));
            assertEquals(3, other.exitValue(), refused);
            assertTrue(refused.contains("is not the build in"), refused);
        }
    }

    /** scripts/oolong open DUMP SCRIPT: a JVM of its own, no QEMU. */
    private String openOffline(Path dump, Path script) throws Exception {
        Path oolong = Path.of("../scripts/oolong").toAbsolutePath().normalize();
        Process p = new ProcessBuilder(oolong.toString(), "open", dump.toString(), script.toString(), "--no-build")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "open finished");
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    /** scripts/oolong open DUMP at a terminal: a pseudo-terminal from script(1), the keys typed into it. */
    private String openInteractively(Path dump, String keys) throws Exception {
        Path oolong = Path.of("../scripts/oolong").toAbsolutePath().normalize();
        Process p = new ProcessBuilder("script", "-q", "-e", "-c", oolong + " open " + dump + " --no-build", "/dev/null")
                .redirectErrorStream(true).start();
        p.getOutputStream().write(keys.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().flush();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the console ended");
        p.getOutputStream().close();
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void aCpuExceptionsBacktraceGoesThroughTheExceptionFrame() throws Exception {
        VmConfig config = new VmConfig().kernel(IMAGES.resolve("kernel.elf")).module(IMAGES.resolve("user.elf").toString())
                .append("crash=pagefault");
        try (VirtualMachine machine = VirtualMachine.start(config)) {
            machine.awaitSerial(Pattern.compile("CPU EXCEPTION"), Duration.ofSeconds(60));
            LiveKernel.untilTrue(() -> machine.status().equals("guest-panicked"), "the exception report paused the machine");
            LiveTarget target = new LiveTarget(() -> machine, new Introspection(IMAGES));
            Backtrace bt = target.look(p -> new StackUnwinder(p).kernel());
            List<Frame> faulting = bt.frames().stream().filter(f -> f.note() != null && f.note().contains("#PF")).toList();
            assertEquals(1, faulting.size(), bt.toString());
            assertTrue(bt.mentions("k_trap") && bt.mentions("DeliberateFault.now") && bt.mentions("Kernel.main"), bt.toString());
        }
    }
}
