package oolong.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel's TSC calibration (kernel/clock.c) on the host: compiled with gcc against a fake
 * port-I/O header whose TSC is scripted, so that one calibration run is stretched as a host stall
 * stretches it under TCG (the vCPU not running between the two TSC reads). The clock must come from
 * the undisturbed runs; believing the stalled one made the guest's clock 35 times too slow.
 */
class ClockCalibrationTest {
    @TempDir
    Path dir;

    /** TSC deltas of the five PIT intervals, the first stalled ten times over. */
    private static final String FAKE_IO = """
            #pragma once
            #include <stdint.h>
            static const uint64_t deltas[] = {10000000u, 1000000u, 1200000u, 1000500u, 5000000u};
            static uint64_t now = 1000, reads;
            static int run = -1;
            static inline void outb(uint16_t port, uint8_t v) {
                if (port == 0x43) run++;                        /* the PIT is programmed: a run starts */
            }
            static inline uint8_t inb(uint16_t port) { return port == 0x61 ? 0x20 : 0; }
            static inline uint64_t rdtsc(void) {
                reads++;
                if (run >= 0 && run < 5 && (reads % 2) == 0) now += deltas[run];   /* each run's second read */
                return now;
            }
            """;

    private static final String DRIVER = """
            #include <stdio.h>
            #include "kernel/clock.c"
            void rt_console_write(const char *s, size_t n) { (void)s; (void)n; }
            _Noreturn void rt_fatal(const char *what) { (void)what; for (;;) { } }
            int main(void) {
                tsc_at_boot = rdtsc();
                reads = 0;
                calibrate_tsc();
                printf("%llu\\n", (unsigned long long)tsc_hz);
                return 0;
            }
            """;

    @Test
    void aStalledRunDoesNotSkewTheClock() throws Exception {
        Toolchain tools = Toolchain.detect();
        Path native_ = Path.of("src/main/native").toAbsolutePath();
        Path fake = dir.resolve("fake/oolong");
        Files.createDirectories(fake);
        Files.writeString(fake.resolve("io.h"), FAKE_IO);
        Path driver = dir.resolve("driver.c");
        Files.writeString(driver, DRIVER);
        Path exe = dir.resolve("clock-test");
        Process cc = new ProcessBuilder(List.of(tools.gcc.toString(), "-O1", "-std=gnu11", "-w",
                "-I", dir.resolve("fake").toString(), "-I", native_.resolve("include").toString(),
                "-I", native_.toString(), driver.toString(), "-o", exe.toString()))
                .redirectErrorStream(true).start();
        String ccOut = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(cc.waitFor(60, TimeUnit.SECONDS) && cc.exitValue() == 0, ccOut);

        Process run = new ProcessBuilder(exe.toString()).redirectErrorStream(true).start();
        String out = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(run.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, run.exitValue(), out);
        long hz = Long.parseLong(out);
        /* 1,000,000 TSC ticks in 5966 PIT ticks of 1.193182 MHz: 200 MHz */
        assertEquals(1_000_000L * 1_193_182L / 5966L, hz, "the shortest run sets the clock");
    }
}
