/*
 * int64_t u_shared_memory_store(int64_t address, int64_t value)
 *
 * Forks a SHAREMEM child that stores value at address and exits. The child shares our stack and
 * heap, so it runs only the few instructions below, in registers: no call, no push, no Java.
 */
#include "oolong/syscall.h"

    .text
    .globl u_shared_memory_store
u_shared_memory_store:
    movq %rdi, %r9                  /* survive the system call in registers the child inherits */
    movq %rsi, %r10
    movl $SYS_FORK, %eax
    movl $FORK_SHAREMEM, %edi
    syscall
    testq %rax, %rax
    jz 1f
    ret                             /* the parent: the child's pid, or -errno */
1:  movq %r10, (%r9)                /* the child */
    movl $SYS_EXIT, %eax
    xorl %edi, %edi
    syscall
    ud2

/*
 * int64_t u_thread_fork(int32_t flags, int64_t stack, int64_t stack_bytes)
 *
 * Thread creation as the seed's user library does it: fork with flags (which include SHAREMEM),
 * and in the child switch at once to its own stack and run the thread puppet there (C, no Java:
 * the Java heap and runtime are shared with the parent and are not thread-safe). The parent gets
 * the child's pid, or -errno.
 */
    .globl u_thread_fork
u_thread_fork:
    movq %rsi, %r9                  /* the child's stack, in registers the child inherits */
    movq %rdx, %r10
    movl $SYS_FORK, %eax            /* flags are in %edi already */
    syscall
    testq %rax, %rax
    jz 2f
    ret                             /* the parent */
2:  leaq (%r9,%r10), %rsp           /* the child: its own stack from the first instruction */
    andq $-16, %rsp
    movq %r9, %rdi
    movq %r10, %rsi
    call u_thread_puppet            /* never returns */
    ud2

/*
 * void u_thread_exit(int64_t stack, int64_t stack_bytes, int64_t code)
 *
 * A thread's end: unmaps its own stack and exits, touching no memory in between (the stack is
 * gone after the first system call).
 */
    .globl u_thread_exit
u_thread_exit:
    movq %rdx, %r8                  /* the exit code survives the memflag call in r8 */
    movl $SYS_MEMFLAG, %eax         /* memflag(stack, bytes, 0): unmap */
    xorl %edx, %edx
    syscall
    movq %r8, %rdi
    movl $SYS_EXIT, %eax
    syscall
    ud2

    .section .note.GNU-stack, "", @progbits
