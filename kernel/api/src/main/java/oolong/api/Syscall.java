package oolong.api;

/**
 * Oolong's system-call numbers, shared by the kernel, user programs and the host tools.
 * The C view is boot/src/main/native/include/oolong/syscall.h; a test keeps the two equal.
 * Numbers start at 1000 so they never collide with the Linux calls musl's start-up makes.
 */
public final class Syscall {
    public static final int EXIT = 1000;
    public static final int LOG_WRITE = 1001;
    public static final int CLOCK_NS = 1002;

    private Syscall() {
    }
}
