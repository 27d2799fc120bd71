package oolong.introspect.kernel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The return-address check of the leaf-frame rule: the 7 bytes before an address must end in a call. */
class StackUnwinderTest {
    static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    @Test
    void recognisesTheCallsGccEmits() {
        assertTrue(StackUnwinder.followsCall(bytes("90 90 e8 11 22 33 44")), "call rel32");
        assertTrue(StackUnwinder.followsCall(bytes("90 90 90 90 90 ff d0")), "call *%rax");
        assertTrue(StackUnwinder.followsCall(bytes("90 90 90 90 41 ff d3")), "call *%r11");
        assertTrue(StackUnwinder.followsCall(bytes("90 90 90 90 ff 50 18")), "call *0x18(%rax)");
        assertTrue(StackUnwinder.followsCall(bytes("90 ff 15 00 10 00 00")), "call *0x1000(%rip)");
        assertFalse(StackUnwinder.followsCall(bytes("48 89 e5 48 83 ec 10")), "mov/sub: no call");
        assertFalse(StackUnwinder.followsCall(bytes("90 90 90 90 90 ff e0")), "jmp *%rax is not a call");
    }
}
