package oolong.repl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import oolong.introspect.kernel.Backtrace;
import oolong.introspect.program.Program;
import oolong.repl.session.Session;
import oolong.repl.api.Kernel;
import oolong.repl.api.Machine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A hung kernel: the kernel-spin fault point makes it loop forever with interrupts off. The agent
 * falls silent; QEMU still sees registers and memory, so the backtrace names the spinning method
 * and the process tree can still be read.
 */
@Timeout(180)
class StuckKernelIT {
    @Test
    void theBacktraceOfASpinningKernelNamesTheSpinningMethod() throws Exception {
        try (Session session = LiveKernel.boot()) {
            Kernel k = new Kernel(session::agent);
            Machine vm = new Machine(session);
            k.spawn("sleeper", "100000");
            int before = k.ps().size();
            k.faults().prepare("kernel-spin").on();
            LiveKernel.untilTrue(() -> {
                try {
                    k.agent().call("ping", Map.of(), Duration.ofMillis(500));
                    return false;
                } catch (RuntimeException e) {
                    return true;
                }
            }, "the agent stops answering");
            assertEquals("running", vm.status(), "spinning, not stopped");

            Backtrace bt = vm.backtrace();
            assertTrue(bt.mentions("KernelSpin.forever"), bt.toString());
            assertTrue(bt.mentions("KernelLoop.run"), bt.toString());
            assertEquals(before, vm.core().ps().size(), "the tree is still readable");

            Program p = vm.core().program();
            long turns = p.readLong(p.staticAddress("oolong.kernel.fault.KernelSpin", "turns"));
            Thread.sleep(200);
            assertNotEquals(turns, p.readLong(p.staticAddress("oolong.kernel.fault.KernelSpin", "turns")),
                    "the loop goes on: the kernel is alive but stuck");
            assertEquals("running", vm.status(), "looking did not stop it");
        }
    }
}
