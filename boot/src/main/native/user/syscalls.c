/* What Java user programs import (oolong.user.sys.Sys, include/oolong/usersys.h). */
#include <stdint.h>
#include "oolong/syscall.h"
#include "oolong/usersys.h"

int64_t u_syscall(int32_t nr, int64_t a1, int64_t a2, int64_t a3, int64_t a4, int64_t a5) {
    return oolong_syscall5(nr, a1, a2, a3, a4, a5);
}

/* Counted by the interrupt trampoline (user/intr.S). */
volatile int64_t u_interrupts;
extern char u_interrupt_trampoline[];

int64_t u_interrupt_count(void) { return u_interrupts; }
int64_t u_interrupt_handler(void) { return (int64_t)(uintptr_t)u_interrupt_trampoline; }

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
    }
    return -1;
}
