/*
 * Oolong's system-call ABI, as seen from C in user programs. The numbers are defined once in
 * Java (oolong.api.Syscall in kernel/api, which documents each call); a host test checks that
 * this header agrees.
 *
 * Calling convention (like Linux x86-64): number in rax; arguments in rdi, rsi, rdx, r10, r8;
 * result in rax, a negative errno on failure; rcx and r11 are clobbered by the syscall instruction.
 * Unlike Linux, and like a C function call, the x87 and SSE registers are not preserved (they
 * come back cleared); their control words (FCW, MXCSR) are. The kernel then need not save and
 * restore the 512-byte x87/SSE state on every call (kernel/usermode.S).
 * Oolong's numbers start at 1000 so that they never collide with the two Linux calls musl's
 * start-up code makes (arch_prctl, set_tid_address), which the kernel emulates.
 */
#pragma once

#define SYS_EXIT        1000
#define SYS_LOG_WRITE   1001
#define SYS_CLOCK_NS    1002
#define SYS_AWAIT       1003
#define SYS_FORK        1004
#define SYS_DUP         1005
#define SYS_READ        1006
#define SYS_WRITE       1007
#define SYS_CLOSE       1008
#define SYS_PIPE        1009
#define SYS_SLEEP       1010
#define SYS_MEMFLAG     1011
#define SYS_FILICIDE    1012
#define SYS_INTR        1013
#define SYS_INTR_SET    1014
#define SYS_SPAWN       1015
#define SYS_GETPID      1016
#define SYS_YIELD       1017
#define SYS_GETPPID     1018
#define SYS_PUPPET_NEXT 1019

/* fork flags (oolong.api.ForkFlags) */
#define FORK_NOREAP      1
#define FORK_NEWFS       2
#define FORK_SHAREMEM    4
#define FORK_SHAREHANDLE 8

#ifndef __ASSEMBLER__
#include <stdint.h>

/* What a system call does not preserve besides rcx and r11 (see the calling convention above). */
#define OOLONG_FPU_CLOBBERS "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", \
    "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15", \
    "st", "st(1)", "st(2)", "st(3)", "st(4)", "st(5)", "st(6)", "st(7)"

static inline long oolong_syscall(long nr, long a1, long a2, long a3) {
    long ret;
    __asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a1), "S"(a2), "d"(a3) : "rcx", "r11", "memory", OOLONG_FPU_CLOBBERS);
    return ret;
}

static inline long oolong_syscall5(long nr, long a1, long a2, long a3, long a4, long a5) {
    long ret;
    register long r10 __asm__("r10") = a4;
    register long r8 __asm__("r8") = a5;
    __asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8)
                     : "rcx", "r11", "memory", OOLONG_FPU_CLOBBERS);
    return ret;
}
#endif
