/*
 * The trampoline between Java and compiled policy code (kernel/jit.S). The layout of the context
 * and the status codes are the contract oolong.api.sched.jit.JitAbi states; JitAbiTest
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
#define JIT_QUEUE_SIZE    112
#define JIT_QUEUE_CURRENT 120
#define JIT_QUEUE_NOW     128
#define JIT_COLUMNS       136
#define JIT_SCRATCH_COLUMNS 200
#define JIT_EVENT_PID     256
#define JIT_EVENT_HOOK    264
#define JIT_EVENT_NOW     272
#define JIT_EVENT_ARGS    280
#define JIT_MAPS_BASE     336
#define JIT_MAPS_MASK     344
#define JIT_MAPS_CAPACITY 352
#define JIT_GLOBALS       512
#define JIT_SCRATCH_LOG_COUNT 576
#define JIT_SCRATCH_LOG_INDEX 584
#define JIT_SCRATCH_LOG_SLOT  712
#define JIT_SCRATCH_LOG_VALUE 840
#define JIT_RANDOM_INLINE 968
#define JIT_RANDOM_STATE  976
#define JIT_SIZE     1024

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

#ifndef __ASSEMBLER__
/* Memory for compiled code (kernel/jitmem.c): an arena of pages the Java side maps W^X itself,
   the page tables it splits the arena's 2 MiB mappings into, the code's stack and the context. */
int64_t k_jit_arena(void);
int64_t k_jit_arena_bytes(void);
int64_t k_jit_tables(void);
int64_t k_jit_table_count(void);
int64_t k_jit_stack_top(void);
int64_t k_jit_context(void);
int64_t k_jit_yield(void);
int64_t k_jit_run(int64_t ctx);
int64_t k_jit_resume(int64_t ctx);
#endif
