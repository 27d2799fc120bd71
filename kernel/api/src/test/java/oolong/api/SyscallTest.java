package oolong.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The system-call numbers: one per call, dense from 1000 (the kernel dispatches on them; the C
 * header's copy is checked against this class in boot), never a number musl's start-up code uses
 * for the Linux calls the kernel emulates.
 */
class SyscallTest {
    /** Linux x86-64's arch_prctl and set_tid_address, which musl's start-up makes and the kernel emulates. */
    static final int ARCH_PRCTL = 158;
    static final int SET_TID_ADDRESS = 218;

    @Test
    void numbersAreDenseFromAThousandInDeclarationOrder() {
        Map<String, Integer> calls = Constants.of(Syscall.class);
        assertEquals(20, calls.size(), "system calls: " + calls.keySet());
        List<Integer> numbers = new ArrayList<>(calls.values());
        for (int i = 0; i < numbers.size(); i++) {
            assertEquals(1000 + i, numbers.get(i), "the call declared " + i + "th");
        }
        assertTrue(!numbers.contains(ARCH_PRCTL) && !numbers.contains(SET_TID_ADDRESS));
    }

    @Test
    void theCallsAreTheSeedsAndOolongsOwn() {
        Map<String, Integer> calls = Constants.of(Syscall.class);
        assertEquals(List.of("EXIT", "LOG_WRITE", "CLOCK_NS", "AWAIT", "FORK", "DUP", "READ", "WRITE", "CLOSE", "PIPE", "SLEEP",
                "MEMFLAG", "FILICIDE", "INTR", "INTR_SET", "SPAWN", "GETPID", "YIELD", "GETPPID", "PUPPET_NEXT"),
                new ArrayList<>(calls.keySet()));
    }
}
