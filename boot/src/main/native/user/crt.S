/*
 * Entry point of the user image. The kernel starts a process here in ring 3 with rsp at the top
 * of its stack, 16-byte aligned, and rdi = argc, rsi = argv (the multi-call program name first).
 */
    .text
    .globl _start
_start:
    xorl %ebp, %ebp
    andq $-16, %rsp
    call user_main
1:  ud2                                   /* user_main never returns */
    jmp 1b

    .section .note.GNU-stack, "", @progbits
