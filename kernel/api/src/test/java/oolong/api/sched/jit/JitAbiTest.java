package oolong.api.sched.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The context layout and status codes are stated twice, in JitAbi (for the compiler and the Java
 * driver) and in include/oolong/jit.h (for jit.S and the harness): every JIT_X there must equal
 * JitAbi.X here, and every offset and status here must be there.
 */
class JitAbiTest {
    @Test
    void theHeaderAndJitAbiAgree() throws Exception {
        String h = Files.readString(HarnessCode.repository().resolve("boot/src/main/native/include/oolong/jit.h"));
        Map<String, Long> defines = new HashMap<>();
        Matcher m = Pattern.compile("#define JIT_(\\w+)\\s+(\\d+)").matcher(h);
        while (m.find()) {
            defines.put(m.group(1), Long.parseLong(m.group(2)));
        }
        int checked = 0;
        for (Field f : JitAbi.class.getFields()) {
            String name = f.getName();
            if (!Modifier.isStatic(f.getModifiers()) || name.startsWith("FAULT_") || name.endsWith("_REF")
                    || name.equals("STACK_BYTES") || name.endsWith("_COLUMN_ID") || name.endsWith("_ID") || name.equals("SCRATCH_COLUMN")
                    || name.equals("SCRATCH_SLOTS") || name.endsWith("_CALLOUT") || name.startsWith("USES_")
                    || name.equals("EVENT_ARG_COUNT") || name.equals("SCRATCH_LOG_ENTRIES")) {
                continue;                                   /* Java-side only: the C code never sees these */
            }
            String c = name.equals("JIT_SP") ? "JIT_SP" : name;
            assertEquals(((Number) f.get(null)).longValue(), defines.get(c), "JIT_" + c + " in jit.h");
            checked++;
        }
        assertEquals(defines.size(), checked, "every define of jit.h is in JitAbi");
    }
}
