/*
 * Exit codes written to QEMU's isa-debug-exit port (0xF4). QEMU then exits with status
 * (code << 1) | 1, so each code below gives a distinct, odd process status on the host.
 * The same table lives in Java (oolong.kernel.arch.QemuExitCode) and in scripts/oolong.
 */
#pragma once

#define OOLONG_EXIT_PORT          0xF4
#define OOLONG_EXIT_SUCCESS       0x10   /* QEMU status 33: shutdown / all tests passed */
#define OOLONG_EXIT_FAILURE       0x11   /* QEMU status 35: tests failed */
#define OOLONG_EXIT_PANIC         0x12   /* QEMU status 37: kernel panic */
#define OOLONG_EXIT_CPU_EXCEPTION 0x13   /* QEMU status 39: unhandled CPU exception in the kernel */
#define OOLONG_EXIT_RUNTIME       0x14   /* QEMU status 41: runtime failure (out of memory, abort) */

/* Ends the run: writes the code to isa-debug-exit; halts forever if the device is absent. */
_Noreturn void k_exit(int code);
