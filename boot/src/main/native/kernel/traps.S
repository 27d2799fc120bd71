/*
 * CPU exception entry stubs and the early system-call trap.
 *
 * Every exception vector pushes a uniform frame (see struct trap_frame in include/oolong/trap.h):
 * the general registers, the vector number and an error code (0 when the CPU pushes none),
 * followed by what the CPU pushed (rip, cs, rflags, rsp, ss). k_trap() gets a pointer to it.
 */
#include "oolong/cpu.h"

    .text

.macro TRAP_NOERR vec
    .globl k_trap\vec
k_trap\vec:
    pushq $0
    pushq $\vec
    jmp trap_common
.endm

.macro TRAP_ERR vec
    .globl k_trap\vec
k_trap\vec:
    pushq $\vec
    jmp trap_common
.endm

TRAP_NOERR 0
TRAP_NOERR 1
TRAP_NOERR 2
TRAP_NOERR 3
TRAP_NOERR 4
TRAP_NOERR 5
TRAP_NOERR 6
TRAP_NOERR 7
TRAP_ERR   8
TRAP_NOERR 9
TRAP_ERR   10
TRAP_ERR   11
TRAP_ERR   12
TRAP_ERR   13
TRAP_ERR   14
TRAP_NOERR 15
TRAP_NOERR 16
TRAP_ERR   17
TRAP_NOERR 18
TRAP_NOERR 19
TRAP_NOERR 20
TRAP_ERR   21
TRAP_NOERR 22
TRAP_NOERR 23
TRAP_NOERR 24
TRAP_NOERR 25
TRAP_NOERR 26
TRAP_NOERR 27
TRAP_NOERR 28
TRAP_ERR   29
TRAP_ERR   30
TRAP_NOERR 31

    /* hardware interrupts 0..15 (the PICs are remapped to vectors 32..47) */
.macro IRQ n
    .globl k_irq\n
k_irq\n:
    pushq $0
    pushq $(32 + \n)
    jmp trap_common
.endm
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
    IRQ \n
    .endr

    .section .rodata
    .align 8
    .globl k_irq_entries
k_irq_entries:
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
    .quad k_irq\n
    .endr

    /* table of the 32 entry points, read by the IDT set-up in traps.c */
    .section .rodata
    .align 8
    .globl k_trap_entries
k_trap_entries:
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    .quad k_trap\n
    .endr

    .text
trap_common:
    pushq %rax
    pushq %rbx
    pushq %rcx
    pushq %rdx
    pushq %rsi
    pushq %rdi
    pushq %rbp
    pushq %r8
    pushq %r9
    pushq %r10
    pushq %r11
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    testb $3, 0x90(%rsp)             /* CS of the interrupted code: from ring 3? */
    jnz from_user
    movq %rsp, %rdi
    movq %rsp, %rbx                  /* callee-saved: the frame survives the call */
    andq $-16, %rsp                  /* the C ABI wants a 16-byte aligned stack */
    cld
    call k_trap                      /* returns only when the trap was handled */
    movq %rbx, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %r11
    popq %r10
    popq %r9
    popq %r8
    popq %rbp
    popq %rdi
    popq %rsi
    popq %rdx
    popq %rcx
    popq %rbx
    popq %rax
    addq $16, %rsp                   /* vector and error code */
    iretq

/* A trap from a user process: save its state into its context and go back to the kernel loop. */
from_user:
    movq k_current_context(%rip), %rax
    fxsave 0x100(%rax)               /* CTX_FXSAVE, before any C code can touch SSE registers */
    movq $0, 0xB8(%rax)              /* CTX_FPU_AT_CALL: the whole state is saved */
    RESTORE_KERNEL_FS_BASE           /* and the kernel's thread pointer, before any C code can use it */
    movq %rsp, %rdi
    andq $-16, %rsp
    cld
    call k_user_trap                 /* copies the frame, returns the event */
    jmp k_resume_kernel

/*
 * Early system-call trap. musl's start-up code (TLS set-up) issues two Linux system calls
 * (arch_prctl, set_tid_address) with the `syscall` instruction while we are still in ring 0;
 * this entry emulates them (k_early_syscall in runtime.c) and returns with a plain jump,
 * because sysret can only return to ring 3. The SYSCALL FMASK clears IF, so nothing interrupts us.
 */
    .globl k_early_syscall_entry
k_early_syscall_entry:
    movq %rsp, early_saved_rsp(%rip)
    leaq early_stack_top(%rip), %rsp
    pushq early_saved_rsp(%rip)
    pushq %rcx                       /* return address */
    pushq %r11                       /* saved rflags */
    pushq %rdi
    pushq %rsi
    pushq %rdx
    pushq %r10
    pushq %r8
    pushq %r9                        /* 9 pushes: rsp = 8 mod 16 */
    subq $8, %rsp
    movq %r8, %r9                    /* Linux: nr=rax, a1..a5=rdi,rsi,rdx,r10,r8 */
    movq %r10, %r8
    movq %rdx, %rcx
    movq %rsi, %rdx
    movq %rdi, %rsi
    movq %rax, %rdi
    call k_early_syscall
    addq $8, %rsp
    popq %r9
    popq %r8
    popq %r10
    popq %rdx
    popq %rsi
    popq %rdi
    popfq                            /* rflags as saved by syscall in r11 (clobbered, as on Linux) */
    popq %rcx
    popq %rsp                        /* never touch the caller's stack: musl uses its red zone */
    jmp *%rcx

    .bss
    .align 16
early_stack: .skip 8192
early_stack_top:
early_saved_rsp: .quad 0

    .section .note.GNU-stack, "", @progbits
