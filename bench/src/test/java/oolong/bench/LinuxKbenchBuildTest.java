package oolong.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Linux anchor's program (bench/src/main/c/kbench-linux.c, which scripts/bench-linux runs in a
 * busybox initramfs under QEMU) builds statically and measures every row kbench prints, here on
 * the host's own Linux.
 */
class LinuxKbenchBuildTest {
    static final List<String> ROWS = List.of("syscall (getpid)", "pipe round trip (2 switches)",
            "context switch (yield ping-pong)", "fork + exit + await", "fork + exit + await, 64 pages touched",
            "fork + exit + await, 1024 pages touched", "spawn + exit + await");

    @Test
    @Timeout(180)
    void itBuildsStaticallyAndPrintsEveryRow(@TempDir Path tmp) throws Exception {
        Path exe = tmp.resolve("kbench-linux");
        NativeBuildIT.run(List.of("gcc", "-static", "-O2", "-Wall", "-Werror", "-o", exe.toString(),
                "src/main/c/kbench-linux.c"), 120);
        assertEquals("", NativeBuildIT.run(List.of(exe.toString(), "exit"), 30));
        String out = NativeBuildIT.run(List.of(exe.toString()), 150);
        for (String row : ROWS) {
            assertTrue(out.matches("(?s).*\\nkbench " + java.util.regex.Pattern.quote(row) + ": \\d+ ns/op \\(\\d+ ops, \\d+ ms\\)\\n.*"),
                    row + " missing in:\n" + out);
        }
    }
}
