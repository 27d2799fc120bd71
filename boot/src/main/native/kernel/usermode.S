/*
 * Entering and leaving user mode (see include/oolong/cpu.h for the model).
 *
 *   k_run_user(ctx)   saves the kernel's callee-saved registers and stack pointer, loads the user
 *                     context and irets to ring 3. It "returns" (through k_resume_kernel) when the
 *                     process traps back: a system call, an interrupt or a fault, with the event code.
 *   k_syscall_entry   the SYSCALL target: stores the user registers into the current context.
 */
#include "oolong/cpu.h"
#include "oolong/syscall.h"

    .bss
    .align 8
    .globl k_current_context
k_current_context:  .quad 0       /* struct user_context * of the process being run */
kernel_saved_rsp:   .quad 0       /* the kernel stack inside k_run_user */
user_rsp_scratch:   .quad 0

    .text
    .globl k_run_user
k_run_user:
    pushq %rbx
    pushq %rbp
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    movq %rsp, kernel_saved_rsp(%rip)
    movq %rdi, k_current_context(%rip)

    movq CTX_FS_BASE(%rdi), %rax          /* the process's thread pointer (k_resume_kernel loads ours back) */
    movq %rax, %rdx
    shrq $32, %rdx
    movl $MSR_FS_BASE, %ecx
    wrmsr
    cmpq $0, CTX_FPU_AT_CALL(%rdi)
    jne 1f
    fxrstor CTX_FXSAVE(%rdi)
    jmp 2f
1:  /* back from a system call of Oolong's ABI (k_syscall_entry): the x87 and SSE registers are
       not preserved across it (include/oolong/syscall.h tells the caller's compiler so), and
       the kernel may have used them: clear them, so nothing of the kernel's leaks, and restore
       the two control words the ABI does preserve */
    fninit
    fldcw CTX_FXSAVE(%rdi)
    ldmxcsr CTX_FXSAVE+24(%rdi)
    xorps %xmm0, %xmm0
    xorps %xmm1, %xmm1
    xorps %xmm2, %xmm2
    xorps %xmm3, %xmm3
    xorps %xmm4, %xmm4
    xorps %xmm5, %xmm5
    xorps %xmm6, %xmm6
    xorps %xmm7, %xmm7
    xorps %xmm8, %xmm8
    xorps %xmm9, %xmm9
    xorps %xmm10, %xmm10
    xorps %xmm11, %xmm11
    xorps %xmm12, %xmm12
    xorps %xmm13, %xmm13
    xorps %xmm14, %xmm14
    xorps %xmm15, %xmm15
2:

    pushq $(GDT_USER_DATA | 3)            /* ss */
    pushq CTX_RSP(%rdi)                   /* rsp */
    movq CTX_RFLAGS(%rdi), %rax
    andq $0xCD5, %rax                     /* the user keeps only CF PF AF ZF SF DF OF ... */
    orq $0x202, %rax                      /* ... and always runs with interrupts enabled */
    pushq %rax                            /* rflags */
    pushq $(GDT_USER_CODE | 3)            /* cs */
    pushq CTX_RIP(%rdi)                   /* rip */

    movq 0x08(%rdi), %rbx
    movq 0x10(%rdi), %rcx
    movq 0x18(%rdi), %rdx
    movq 0x20(%rdi), %rsi
    movq 0x30(%rdi), %rbp
    movq 0x38(%rdi), %r8
    movq 0x40(%rdi), %r9
    movq 0x48(%rdi), %r10
    movq 0x50(%rdi), %r11
    movq 0x58(%rdi), %r12
    movq 0x60(%rdi), %r13
    movq 0x68(%rdi), %r14
    movq 0x70(%rdi), %r15
    movq 0x00(%rdi), %rax
    movq 0x28(%rdi), %rdi
    .globl k_iret_to_user
k_iret_to_user:                           /* a fault here is the process's fault (traps.c) */
    iretq

/*
 * Back to the kernel loop: the stack becomes k_run_user's again, the kernel's FS base comes back
 * (every entry from user mode passes here: system calls, interrupts, faults, a refused iretq),
 * and k_run_user returns %eax.
 */
    .globl k_resume_kernel
k_resume_kernel:
    movl %eax, %r8d                       /* the event; rax, rcx, rdx are the macro's */
    RESTORE_KERNEL_FS_BASE
    movl %r8d, %eax
    movq kernel_saved_rsp(%rip), %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbp
    popq %rbx
    ret

/* void k_resume_kernel_with(int event): the same, from C. */
    .globl k_resume_kernel_with
k_resume_kernel_with:
    movl %edi, %eax
    jmp k_resume_kernel

/*
 * SYSCALL from ring 3: rcx = user rip, r11 = user rflags, rsp still the user's, IF = 0 (FMASK).
 * A SYSCALL from the kernel itself (musl's start-up code, before any process exists) has a
 * return address below 1 GiB and goes to the early emulation instead (traps.S).
 */
    .globl k_syscall_entry
k_syscall_entry:
    cmpq $0x40000000, %rcx
    jb k_early_syscall_entry
    movq %rsp, user_rsp_scratch(%rip)
    movq k_current_context(%rip), %rsp    /* the context is only written with mov, not used as a stack */
    movq %rax, 0x00(%rsp)
    movq %rbx, 0x08(%rsp)
    movq %rcx, 0x10(%rsp)
    movq %rdx, 0x18(%rsp)
    movq %rsi, 0x20(%rsp)
    movq %rdi, 0x28(%rsp)
    movq %rbp, 0x30(%rsp)
    movq %r8, 0x38(%rsp)
    movq %r9, 0x40(%rsp)
    movq %r10, 0x48(%rsp)
    movq %r11, 0x50(%rsp)
    movq %r12, 0x58(%rsp)
    movq %r13, 0x60(%rsp)
    movq %r14, 0x68(%rsp)
    movq %r15, 0x70(%rsp)
    movq %rcx, CTX_RIP(%rsp)
    movq %r11, CTX_RFLAGS(%rsp)
    movq user_rsp_scratch(%rip), %rax
    movq %rax, CTX_RSP(%rsp)
    movq $EVENT_SYSCALL, CTX_EVENT(%rsp)
    /* Oolong's calls (numbers from 1000) preserve only the x87 and SSE control words, like a C
       function call: save those two and skip the 512-byte fxsave and its fxrstor, which were
       more than half of a null system call under TCG. Linux-numbered calls (musl's start-up
       code, whose inline asm expects every register kept) save everything. */
    cmpq $SYS_EXIT, CTX_RAX(%rsp)          /* the first of Oolong's numbers */
    jb 1f
    fnstcw CTX_FXSAVE(%rsp)
    stmxcsr CTX_FXSAVE+24(%rsp)
    movq $1, CTX_FPU_AT_CALL(%rsp)
    jmp 2f
1:  fxsave CTX_FXSAVE(%rsp)
    movq $0, CTX_FPU_AT_CALL(%rsp)
2:
    movl $EVENT_SYSCALL, %eax
    jmp k_resume_kernel

    .section .note.GNU-stack, "", @progbits
