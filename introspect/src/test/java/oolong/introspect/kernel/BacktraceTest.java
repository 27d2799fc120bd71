package oolong.introspect.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import oolong.introspect.debug.JavaMethod;
import oolong.introspect.program.Symbol;
import org.junit.jupiter.api.Test;

/**
 * Looking frames up by method: mentions() and frame() on a panic's stack shaped as the kernel's
 * (a C leaf, a Java method with a line of its own, a lambda TeaVM inlined into its run method).
 */
class BacktraceTest {
    static final JavaMethod KILL = new JavaMethod("oolong.kernel.proc.Processes", "kill", "(Loolong/kernel/proc/Process;J)V");
    static final JavaMethod LAMBDA = new JavaMethod("oolong.kernel.agent.ProcessOperations", "lambda$register$2",
            "(Loolong/kernel/proc/Processes;Loolong/kernel/agent/Request;Loolong/kernel/agent/JsonWriter;)V");
    static final JavaMethod RUN = new JavaMethod("oolong.kernel.agent.ProcessOperations$register$lambda$_1_2", "run",
            "(Loolong/kernel/agent/Request;Loolong/kernel/agent/JsonWriter;)V");

    static final Frame EXIT = new Frame(0, 0x100510, new Symbol("kernel", "k_panic_exit", 0x100500, 0x40, null, 0x100510),
            List.of(), null);
    static final Frame KILL_FRAME = new Frame(1, 0x1b12c3, new Symbol("kernel", "meth_okp_Processes_kill", 0x1b0ed0, 0x500,
            KILL, 0x1b12c3), List.of(new Frame.Location(KILL, "oolong/kernel/proc/Processes.java", 309)), null);
    static final Frame LAMBDA_FRAME = new Frame(2, 0x1809a3, new Symbol("kernel", "meth_okaPrO_run", 0x180600, 0x400, RUN,
            0x1809a3), List.of(new Frame.Location(LAMBDA, "oolong/kernel/agent/ProcessOperations.java", 49)), null);
    static final Backtrace BT = new Backtrace("kernel backtrace", List.of(EXIT, KILL_FRAME, LAMBDA_FRAME), null);

    @Test
    void aFrameIsFoundByShortOrFullJavaNameOrCSymbol() {
        assertSame(KILL_FRAME, BT.frame("Processes.kill"));
        assertSame(KILL_FRAME, BT.frame("oolong.kernel.proc.Processes.kill"));
        assertSame(EXIT, BT.frame("k_panic_exit"));
        assertEquals(0x1b12c3, BT.frame("kill").pc());
        assertEquals(309, BT.frame("Processes.kill").locations().get(0).line());
    }

    @Test
    void anInlinedMethodAndTheFunctionItWasCompiledIntoBothFindTheirFrame() {
        assertSame(LAMBDA_FRAME, BT.frame("ProcessOperations.lambda$register$2"));
        assertSame(LAMBDA_FRAME, BT.frame("ProcessOperations$register$lambda$_1_2.run"));
        assertTrue(BT.mentions("ProcessOperations.lambda$register$2"));
    }

    @Test
    void theInnermostOfSeveralMatchingFramesIsTheOne() {
        Frame outerKill = new Frame(3, 0x1b1400, KILL_FRAME.symbol(), KILL_FRAME.locations(), null);
        Backtrace recursive = new Backtrace("kernel backtrace", List.of(EXIT, KILL_FRAME, outerKill), null);
        assertSame(KILL_FRAME, recursive.frame("Processes.kill"));
    }

    @Test
    void aMethodInNoFrameIsAClearErrorNamingTheFrames() {
        assertFalse(BT.mentions("Processes.fork"));
        assertFalse(BT.mentions("cesses.kill"), "a name matches whole segments only");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BT.frame("Processes.fork"));
        assertEquals("no frame of Processes.fork in this backtrace (its frames: k_panic_exit, Processes.kill,"
                + " ProcessOperations.lambda$register$2)", e.getMessage());
    }
}
