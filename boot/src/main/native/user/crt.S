/*
 * Entry point of the user image. The kernel starts a process here in ring 3 with rsp at the top
 * of its stack, 16-byte aligned, and rdi = argc, rsi = argv (the multi-call program name first).
 * The stack then starts over at __stack_top, inside the first page of the writable data (user.ld),
 * which it shares with the runtime's per-call variables; it grows down into the stack region,
 * whose top the kernel filled with argv.
 */
    .text
    .globl _start
_start:
    xorl %ebp, %ebp
    leaq __stack_top(%rip), %rsp           /* argv stays where the kernel put it, just below */
    andq $-16, %rsp
    call user_main
1:  ud2                                   /* user_main never returns */
    jmp 1b

    .section .note.GNU-stack, "", @progbits
