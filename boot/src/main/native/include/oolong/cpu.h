/*
 * The CPU set-up for running user processes: segments, the TSS, interrupt routing, and the
 * switch between the kernel loop and a user process (kernel/usermode.S).
 *
 * The kernel runs Java on one kernel stack with interrupts disabled. It enters a user process
 * with k_run_user(ctx), which returns only when that process traps back into the kernel
 * (system call, interrupt, fault), having saved its registers in ctx. So Java never runs in
 * interrupt context and never needs a stack per process: a blocked process is just its saved
 * context (the seed kernel works the same way).
 */
#pragma once

#define GDT_KERNEL_CODE 0x08
#define GDT_KERNEL_DATA 0x10
#define GDT_USER_DATA   0x18
#define GDT_USER_CODE   0x20
#define GDT_TSS         0x28

#define IRQ_BASE_VECTOR 32                /* the PICs are remapped to vectors 32..47 */

/* Why k_run_user returned (user_context.event). */
#define EVENT_SYSCALL   1
#define EVENT_IRQ       2
#define EVENT_FAULT     3

#ifndef __ASSEMBLER__
#include <stdint.h>

/*
 * A user process's saved state: 768 bytes per process, five to a frame (Java's ContextSlots).
 * Offsets and size are part of the contract with usermode.S and with Java
 * (oolong.kernel.arch.UserContext); a host test checks the offsets, the assertion below the size.
 */
struct user_context {
    uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp, r8;          /* 0x00 */
    uint64_t r9, r10, r11, r12, r13, r14, r15;               /* 0x40 */
    uint64_t rip, rsp, rflags, fs_base;                      /* 0x78 */
    uint64_t event, vector, error, cr2;                      /* 0x98 */
    uint64_t fpu_at_call;    /* 0xB8: 1 when fxsave holds only FCW and MXCSR (see usermode.S) */
    uint8_t reserved[0x100 - 0xC0];
    uint8_t fxsave[512] __attribute__((aligned(16)));        /* 0x100: x87/SSE state */
};
_Static_assert(sizeof(struct user_context) == 0x300, "UserContext.SIZE in Java");

void k_cpu_init(void);
#endif

#define CTX_RAX     0x00
#define CTX_RIP     0x78
#define CTX_RSP     0x80
#define CTX_RFLAGS  0x88
#define CTX_FS_BASE 0x90
#define CTX_EVENT   0x98
#define CTX_VECTOR  0xA0
#define CTX_ERROR   0xA8
#define CTX_CR2     0xB0
#define CTX_FPU_AT_CALL 0xB8
#define CTX_FXSAVE  0x100

#define MSR_FS_BASE 0xC0000100

#ifdef __ASSEMBLER__
/*
 * Loads the kernel's own FS base (musl's thread pointer: errno and the C library's thread-local
 * state; kernel/support.c keeps it) after user mode ran with the process's. Clobbers rax, rcx, rdx.
 */
.macro RESTORE_KERNEL_FS_BASE
    movl $MSR_FS_BASE, %ecx
    movl k_kernel_fs_base(%rip), %eax
    movl k_kernel_fs_base+4(%rip), %edx
    wrmsr
.endm
#endif
