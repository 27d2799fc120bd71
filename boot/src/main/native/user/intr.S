/*
 * The user interrupt handler (intr / intr_set). The kernel diverts the process here with
 * [rsp] = the interrupted rip and [rsp+8] = the interrupted rsp (stored below the red zone).
 * Running Java here would be unsafe (the runtime may be mid-allocation), so the handler only
 * counts; Java polls the count (Sys.interruptCount). Every register and flag is preserved.
 */
    .text
    .globl u_interrupt_trampoline
u_interrupt_trampoline:
    pushfq
    lock incq u_interrupts(%rip)
    popfq
    popq resume_rip(%rip)
    popq %rsp
    jmp *resume_rip(%rip)

    .bss
    .align 8
resume_rip: .quad 0

    .section .note.GNU-stack, "", @progbits
