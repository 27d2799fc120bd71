package oolong.repl.introspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Symbols on the kernel's console text as vm.console() shows it: an image linked where the kernel
 * is (code at 1 MiB) with a C function TeaVM would have made of a Java method, and the console
 * lines the kernel prints with con_hex (0x and 16 digits) for an NMI and a CPU exception.
 */
class SymbolizerTest {
    @TempDir
    Path dir;

    @AfterEach
    void uninstall() {
        Symbolizer.install(null);
    }

    /** A kernel image of two functions at 0x100000 and its .debug naming one of them as Processes.kill. */
    private Introspection images() throws Exception {
        Path c = dir.resolve("k.c");
        Files.writeString(c, """
                void k_idle(void) { __asm__ volatile("nop; nop; nop; nop"); }
                long meth_okp_Processes_kill(long a, long b) { long r = a; for (int i = 0; i < 8; i++) r = r * 31 + b; return r; }
                void _start(void) { k_idle(); meth_okp_Processes_kill(1, 2); for (;;) ; }
                """);
        List<String> cmd = List.of("gcc", "-O1", "-fno-omit-frame-pointer", "-fno-pie", "-no-pie", "-nostdlib", "-static",
                "-Wl,-Ttext=0x100000", c.toString(), "-o", dir.resolve("kernel64.elf").toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), log);
        Files.writeString(dir.resolve("kernel.debug"),
                "method\tmeth_okp_Processes_kill\toolong.kernel.proc.Processes\tkill\t(Loolong/kernel/proc/Process;J)V\n");
        return new Introspection(dir);
    }

    @Test
    void theKernelsNmiAndExceptionLinesGetTheirSymbols() throws Exception {
        Introspection images = images();
        long kill = images.kernel().requireAddress("meth_okp_Processes_kill");
        long idle = images.kernel().requireAddress("k_idle");
        Symbolizer.install(images);
        String nmi = String.format("*** NMI in the kernel at rip 0x%016x; continuing", kill + 3);
        assertEquals(String.format("*** NMI in the kernel at rip 0x%016x <oolong.kernel.proc.Processes.kill(Process, long)"
                + " + 0x3>; continuing", kill + 3), Symbolizer.annotate(nmi));
        String user = String.format("*** NMI while a user process ran (rip 0x%016x)", idle + 1);
        assertEquals(String.format("*** NMI while a user process ran (rip 0x%016x <k_idle + 0x1>)", idle + 1),
                Symbolizer.annotate(user));
        /* numbers that are not code addresses stay as they are: an error code, a stack address, a count */
        String exception = String.format("    error=0x0000000000000002 rip=0x%016x cs=0x0000000000000008%n"
                + "    rsp=0x0000000000953ac0 uptime 1866 ms", kill);
        String annotated = Symbolizer.annotate(exception);
        assertTrue(annotated.contains(String.format("rip=0x%016x <oolong.kernel.proc.Processes.kill(Process, long) + 0x0>",
                kill)), annotated);
        assertTrue(annotated.contains("error=0x0000000000000002 rip=") && annotated.contains("cs=0x0000000000000008\n")
                && annotated.contains("rsp=0x0000000000953ac0 uptime"), annotated);
        assertEquals(annotated, Symbolizer.annotate(annotated), "an address already followed by its symbol gets no second one");
    }

    @Test
    void withoutDebugInformationTheTextStaysAsItIs() {
        String nmi = "*** NMI in the kernel at rip 0x0000000000194ad4; continuing";
        Symbolizer.install(null);
        assertEquals(nmi, Symbolizer.annotate(nmi));
        Symbolizer.install(new Introspection(dir.resolve("no-images")));
        assertEquals(nmi, Symbolizer.annotate(nmi));
    }
}
