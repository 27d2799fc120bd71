package oolong.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import oolong.api.Syscall;
import oolong.kernel.arch.QemuExitCode;
import org.junit.jupiter.api.Test;

/** The C headers and the Java classes that define the same numbers must agree. */
class HeaderConsistencyTest {
    private static final Path INCLUDE = Path.of("src/main/native/include/oolong");

    private static Map<String, Long> defines(Path header, String prefix) throws Exception {
        Map<String, Long> result = new TreeMap<>();
        Matcher m = Pattern.compile("#define\\s+" + prefix + "(\\w+)\\s+(0x[0-9A-Fa-f]+|\\d+)").matcher(Files.readString(header));
        while (m.find()) {
            result.put(m.group(1), Long.decode(m.group(2)));
        }
        return result;
    }

    private static Map<String, Long> constants(Class<?> cls) throws Exception {
        Map<String, Long> result = new TreeMap<>();
        for (Field f : cls.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class) {
                result.put(f.getName(), (long) f.getInt(null));
            }
        }
        return result;
    }

    @Test
    void syscallNumbers() throws Exception {
        Map<String, Long> c = defines(INCLUDE.resolve("syscall.h"), "SYS_");
        assertFalse(c.isEmpty());
        assertEquals(constants(Syscall.class), c);
    }

    @Test
    void forkFlags() throws Exception {
        Map<String, Long> c = defines(INCLUDE.resolve("syscall.h"), "FORK_");
        assertEquals(constants(oolong.api.ForkFlags.class), c);
    }

    @Test
    void exitCodes() throws Exception {
        Map<String, Long> c = defines(INCLUDE.resolve("exit.h"), "OOLONG_EXIT_");
        c.remove("PORT");
        assertEquals(constants(QemuExitCode.class), c);
    }
}
