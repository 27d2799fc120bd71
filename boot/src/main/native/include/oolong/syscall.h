/*
 * Oolong's system-call ABI, as seen from C in user programs. The numbers are defined once in
 * Java (oolong.api.Syscall in kernel/api); a host test checks that this header agrees.
 *
 * Calling convention (like Linux x86-64): number in rax; arguments in rdi, rsi, rdx, r10, r8, r9;
 * result in rax, a negative errno on failure; rcx and r11 are clobbered by syscall/sysret.
 * Oolong's numbers start at 1000 so that they never collide with the two Linux calls musl's
 * start-up code makes (arch_prctl, set_tid_address), which the kernel emulates.
 */
#pragma once
#include <stdint.h>

#define SYS_EXIT        1000
#define SYS_LOG_WRITE   1001
#define SYS_CLOCK_NS    1002

static inline long oolong_syscall(long nr, long a1, long a2, long a3) {
    long ret;
    __asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a1), "S"(a2), "d"(a3) : "rcx", "r11", "memory");
    return ret;
}
