package oolong.introspect.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class JavaMethodTest {
    @Test
    void printsAsJavaWritesIt() {
        JavaMethod kill = new JavaMethod("oolong.kernel.proc.Processes", "kill", "(Loolong/kernel/proc/Process;J)V");
        assertEquals("oolong.kernel.proc.Processes.kill(Process, long)", kill.toString());
        assertEquals("Processes.kill", kill.shortName());
        assertEquals(List.of("int[][]", "String", "boolean", "char"),
                new JavaMethod("a.B", "m", "([[ILjava/lang/String;ZC)[J").parameterTypes());
        assertEquals("a.B$C.<init>()", new JavaMethod("a.B$C", "<init>", "()V").toString());
    }
}
