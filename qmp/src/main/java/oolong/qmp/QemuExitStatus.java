package oolong.qmp;

import java.util.Map;

/**
 * What QEMU's exit status says, in words. The kernel ends a run through the isa-debug-exit
 * device, and QEMU then exits with (code << 1) | 1: the same table as
 * boot/src/main/native/include/oolong/exit.h and scripts/oolong. A process killed by signal N
 * has the status 128 + N, as a shell shows it (the supervisor passes QEMU's status on).
 */
public final class QemuExitStatus {
    public static final int SUCCESS = 33;
    public static final int FAILURE = 35;
    public static final int PANIC = 37;
    public static final int CPU_EXCEPTION = 39;
    public static final int RUNTIME = 41;

    private static final Map<Integer, String> SIGNALS = Map.of(1, "SIGHUP", 2, "SIGINT", 3, "SIGQUIT", 6, "SIGABRT",
            9, "SIGKILL", 11, "SIGSEGV", 13, "SIGPIPE", 15, "SIGTERM");

    private QemuExitStatus() {
    }

    /** "the kernel shut down normally (QEMU exit status 33)", "QEMU was killed by signal 9 (SIGKILL)", ... */
    public static String describe(int status) {
        return switch (status) {
            case 0 -> "QEMU quit (exit status 0: the machine was powered off or told to quit)";
            case SUCCESS -> "the kernel shut down normally (QEMU exit status 33)";
            case FAILURE -> "the kernel shut down reporting a failure (QEMU exit status 35)";
            case PANIC -> "the kernel panicked and stopped the machine (QEMU exit status 37)";
            case CPU_EXCEPTION -> "an unhandled CPU exception in the kernel stopped the machine (QEMU exit status 39)";
            case RUNTIME -> "the kernel's Java runtime failed (out of memory or an abort; QEMU exit status 41)";
            default -> status > 128 && status < 128 + 65
                    ? "QEMU was killed by signal " + (status - 128) + SIGNALS.getOrDefault(status - 128, "").transform(
                            n -> n.isEmpty() ? "" : " (" + n + ")")
                    : "QEMU exited with status " + status;
        };
    }
}
