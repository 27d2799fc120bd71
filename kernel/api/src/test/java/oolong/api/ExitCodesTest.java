package oolong.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Exit codes of processes the kernel ends: 128 + the CPU vector, as a shell shows 128 + a
 * signal, and none of them confusable with another or with a filicide's -1.
 */
class ExitCodesTest {
    @Test
    void faultsAre128PlusTheVector() {
        assertEquals(128, ExitCodes.fault(0));
        assertEquals(ExitCodes.DIVIDE_ERROR, ExitCodes.fault(0), "#DE");
        assertEquals(ExitCodes.INVALID_OPCODE, ExitCodes.fault(6), "#UD");
        assertEquals(ExitCodes.GENERAL_PROTECTION, ExitCodes.fault(13), "#GP");
        assertEquals(ExitCodes.PAGE_FAULT, ExitCodes.fault(14), "#PF");
    }

    @Test
    void killsTheKernelChoosesReadAsShellsShowSignals() {
        assertEquals(137, ExitCodes.OUT_OF_MEMORY, "SIGKILL");
        assertEquals(143, ExitCodes.INJECTED_KILL, "SIGTERM");
        assertEquals(-1, ExitCodes.KILLED);
        assertEquals(-1L, ExitCodes.NOTHING_TO_AWAIT);
    }

    @Test
    void everyCodeIsDistinct() {
        Map<String, Integer> codes = Constants.of(ExitCodes.class);
        codes.remove("FAULT_BASE");
        Set<Integer> distinct = new HashSet<>(codes.values());
        assertEquals(codes.size(), distinct.size(), "two meanings for one code: " + codes);
        for (int code : codes.values()) {
            if (code != ExitCodes.KILLED) {
                assertNotEquals(ExitCodes.KILLED, code);
            }
        }
    }
}
