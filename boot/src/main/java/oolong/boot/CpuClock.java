package oolong.boot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU seconds used so far by this process (all its threads: TeaVM's, the JIT's, the GC's) and by
 * its children that have ended (gcc, ld), from /proc/self/stat. On a host shared with other
 * builds, a step's CPU seconds say what it costs; its wall time says how busy the host was.
 */
public final class CpuClock {
    private CpuClock() {
    }

    /** CPU seconds so far (0 where /proc cannot be read). */
    public static double seconds() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            /* fields 14-17 of proc(5): utime stime cutime cstime, in USER_HZ (100) ticks; f[0] is field 3 */
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
            return ticks / 100.0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
