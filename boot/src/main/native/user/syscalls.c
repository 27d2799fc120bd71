/* What Java user programs import (oolong.user.sys.Sys, include/oolong/usersys.h). */
#include <stdint.h>
#include "oolong/syscall.h"
#include "oolong/usersys.h"

int64_t u_syscall(int32_t nr, int64_t a1, int64_t a2, int64_t a3, int64_t a4, int64_t a5) {
    return oolong_syscall5(nr, a1, a2, a3, a4, a5);
}

/*
 * Reads one byte into a local and drops it (Sys.readByte): a wait on a pipe that writes no memory
 * of the caller's but its stack. Returns what read returns: 1, 0 at end of file, or -errno.
 */
int64_t u_read_byte(int32_t handle) {
    volatile uint8_t b;
    return oolong_syscall5(SYS_READ, handle, (int64_t)(uintptr_t)&b, 1, 0, 0);
}

/* Counted by the interrupt trampoline (user/intr.S). */
volatile int64_t u_interrupts;
extern char u_interrupt_trampoline[];

int64_t u_interrupt_count(void) { return u_interrupts; }
int64_t u_interrupt_handler(void) { return (int64_t)(uintptr_t)u_interrupt_trampoline; }

/* Recurses 1 KiB a call until the stack's guard page stops it (Crash.STACK_OVERFLOW). */
static int32_t u_recurse(int64_t depth) {
    volatile char frame[1024];
    frame[0] = (char)depth;
    if (depth < 0) return 0;                                           /* never: keeps gcc from looping */
    return u_recurse(depth + 1) + frame[0];
}

/* Deliberate faults (oolong.user.sys.Crash). */
int32_t u_crash(int32_t kind) {
    volatile int zero = 0;
    switch (kind) {
    case 1: return *(volatile int32_t *)0x7FFF00000000ull;              /* nothing is mapped there */
    case 2: return *(volatile int32_t *)0x8000000000000000ull;          /* non-canonical */
    case 3: __asm__ volatile("ud2"); break;
    case 4: {
        int32_t r;
        __asm__ volatile("cltd; idivl %1" : "=a"(r) : "r"(zero), "a"(1) : "edx");
        return r;
    }
    case 5: __asm__ volatile("hlt"); break;
    case 6: __asm__ volatile("outb %%al, $0x80" :: "a"(0)); break;
    case 7: *(volatile int32_t *)0x100000ull = 1; break;               /* the kernel image */
    case 8: return u_recurse(0);                                       /* stack overflow */
    }
    return -1;
}

/*
 * Oolong's system-call ABI for the x87/SSE state (include/oolong/syscall.h), checked from ring 3:
 * the control words (MXCSR, FCW) survive a call that blocks while other processes run, and the
 * data registers come back cleared (none of the kernel's or another process's values). Returns
 * 0, or the number of the first check that failed.
 */
int32_t u_fpu_abi_check(void) {
    uint32_t mxcsr0, mxcsr1, want_mxcsr;
    uint16_t fcw0, fcw1, want_fcw = 0x0C7F;          /* x87: round toward zero, exceptions masked */
    uint64_t xmm[2] = {1, 1};
    __asm__ volatile("stmxcsr %0" : "=m"(mxcsr0));
    __asm__ volatile("fnstcw %0" : "=m"(fcw0));
    want_mxcsr = (mxcsr0 & ~0x6000u) | 0x4000u;      /* SSE: round up */
    __asm__ volatile("ldmxcsr %0" : : "m"(want_mxcsr));
    __asm__ volatile("fldcw %0" : : "m"(want_fcw));
    register long rax __asm__("rax") = SYS_SLEEP;
    register long rdi __asm__("rdi") = 2;             /* ms: long enough for others to run */
    __asm__ volatile("movq %[pattern], %%xmm7\n\t"
                     "syscall\n\t"
                     "movdqu %%xmm7, %[out]"
                     : "+r"(rax), "+r"(rdi), [out] "=m"(xmm)
                     : [pattern] "r"(0x5A5A5A5A5A5A5A5AL)
                     : "rcx", "r11", "memory", OOLONG_FPU_CLOBBERS);
    __asm__ volatile("stmxcsr %0" : "=m"(mxcsr1));
    __asm__ volatile("fnstcw %0" : "=m"(fcw1));
    __asm__ volatile("ldmxcsr %0" : : "m"(mxcsr0));
    __asm__ volatile("fldcw %0" : : "m"(fcw0));
    if (rax != 0) return 1;
    if (mxcsr1 != want_mxcsr) return 2;
    if (fcw1 != want_fcw) return 3;
    if (xmm[0] != 0 || xmm[1] != 0) return 4;
    return 0;
}
