/*
 * Entering and leaving compiled policy code (oolong.api.sched.jit; the contract is JitAbi's).
 *
 *   jit_run(ctx)     saves the caller's callee-saved registers and stack pointer in ctx, switches
 *                    to the compiled code's own stack and calls the compiled pick with r12 = ctx,
 *                    r13 = the budget left, r14 = depth 0, rsi = the pick's two arguments. Returns
 *                    JIT_DONE with the result in ctx when pick returns.
 *   jit_yield        what compiled code calls (through ctx) to stop: esi = the status (CALLOUT or
 *                    FAULT, the details already in ctx). It saves the compiled code's registers on
 *                    its own stack and returns the status from jit_run or jit_resume.
 *   jit_resume(ctx)  continues compiled code stopped in jit_yield, with ctx's RESULT in rax.
 *
 * Compiled code never calls C or Java: everything it needs from outside comes through a
 * call-out that Java serves between jit_yield and jit_resume. A FAULT is never resumed; its
 * stack is dropped, nothing on it needs unwinding.
 */
#include "oolong/jit.h"

    .text
    .globl jit_run
    .type jit_run, @function
jit_run:
    pushq %rbx
    pushq %rbp
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    movq %rsp, JIT_JAVA_SP(%rdi)
    movq %rdi, %r12
    movq JIT_REMAINING(%rdi), %r13
    xorl %r14d, %r14d
    movq JIT_STACK_TOP(%rdi), %rsp
    leaq JIT_ARG0(%rdi), %rsi
    callq *JIT_ENTRY(%rdi)
    movq %rax, JIT_RESULT(%r12)
    movq %r13, JIT_REMAINING(%r12)
    movq $JIT_DONE, JIT_STATUS(%r12)
    movq JIT_JAVA_SP(%r12), %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbp
    popq %rbx
    movl $JIT_DONE, %eax
    retq
    .size jit_run, . - jit_run

    .globl jit_yield
    .type jit_yield, @function
jit_yield:
    pushq %rbx
    pushq %rbp
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    movq %rsi, JIT_STATUS(%rdi)
    movq %r13, JIT_REMAINING(%rdi)
    movq %rsp, JIT_JIT_SP(%rdi)
    movq JIT_JAVA_SP(%rdi), %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbp
    popq %rbx
    movq %rsi, %rax
    retq
    .size jit_yield, . - jit_yield

    .globl jit_resume
    .type jit_resume, @function
jit_resume:
    pushq %rbx
    pushq %rbp
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    movq %rsp, JIT_JAVA_SP(%rdi)
    movq JIT_JIT_SP(%rdi), %rsp
    movq JIT_RESULT(%rdi), %rax
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbp
    popq %rbx
    retq
    .size jit_resume, . - jit_resume

    .section .note.GNU-stack, "", @progbits
