/*
 * The trampoline between Java and compiled policy code (kernel/jit.S). The layout of the context
 * and the status codes are the contract oolong.api.sched.jit.JitAbi states; JitTrampolineTest
 * checks that the two agree.
 */
#pragma once

#define JIT_STATUS     0
#define JIT_RESULT     8
#define JIT_ID        16
#define JIT_ARG0      24
#define JIT_ARG1      32
#define JIT_ARG2      40
#define JIT_METHOD    48
#define JIT_PC        56
#define JIT_REMAINING 64
#define JIT_JAVA_SP   72
#define JIT_JIT_SP    80
#define JIT_STACK_TOP 88
#define JIT_ENTRY     96
#define JIT_YIELD    104
#define JIT_SIZE     128

#define JIT_DONE    1
#define JIT_CALLOUT 2
#define JIT_FAULT   3

#ifndef __ASSEMBLER__
#include <stdint.h>
/* Enters the compiled pick whose address is ctx[JIT_ENTRY]; returns a status. */
int64_t jit_run(void *ctx);
/* Continues compiled code stopped at a call-out, with ctx[JIT_RESULT] as the call's value. */
int64_t jit_resume(void *ctx);
/* The call-out table's one entry (ctx[JIT_YIELD]): called by compiled code only. */
void jit_yield(void);
#endif
