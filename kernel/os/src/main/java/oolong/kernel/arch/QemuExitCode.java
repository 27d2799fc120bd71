package oolong.kernel.arch;

/**
 * Codes for QEMU's isa-debug-exit device; QEMU exits with status (code << 1) | 1.
 * Same table as boot/src/main/native/include/oolong/exit.h and scripts/oolong.
 */
public final class QemuExitCode {
    public static final int SUCCESS = 0x10;
    public static final int FAILURE = 0x11;
    public static final int PANIC = 0x12;
    public static final int CPU_EXCEPTION = 0x13;
    public static final int RUNTIME = 0x14;

    private QemuExitCode() {
    }

    /** The status QEMU's process exits with for a code. */
    public static int qemuStatus(int code) {
        return (code << 1) | 1;
    }
}
