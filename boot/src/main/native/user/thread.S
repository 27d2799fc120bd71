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

    .section .note.GNU-stack, "", @progbits
