/*
 * Memory for compiled policy code (oolong.kernel.arch.X86CodeMemory): reserved in the image's
 * .bss, so the frame allocator never hands it out and it is identity-mapped like the rest of the
 * image. Java splits the 2 MiB pages covering the arena into 4 KiB pages (the tables below) and
 * keeps each arena page either writable and not executable or executable and not writable.
 */
#include <stdint.h>
#include "oolong/jit.h"

#define JIT_ARENA_BYTES (512 * 1024)
#define JIT_STACK_BYTES (128 * 1024)
#define JIT_TABLES 2                 /* a 512 KiB arena spans at most two 2 MiB pages */

static uint8_t jit_arena[JIT_ARENA_BYTES] __attribute__((aligned(4096)));
static uint64_t jit_tables[JIT_TABLES][512] __attribute__((aligned(4096)));
static uint8_t jit_stack[JIT_STACK_BYTES] __attribute__((aligned(16)));
static uint64_t jit_context[JIT_SIZE / 8] __attribute__((aligned(16)));

int64_t k_jit_arena(void) { return (int64_t)(uintptr_t)jit_arena; }
int64_t k_jit_arena_bytes(void) { return JIT_ARENA_BYTES; }
int64_t k_jit_tables(void) { return (int64_t)(uintptr_t)jit_tables; }
int64_t k_jit_table_count(void) { return JIT_TABLES; }
int64_t k_jit_stack_top(void) { return (int64_t)(uintptr_t)(jit_stack + JIT_STACK_BYTES); }
int64_t k_jit_context(void) { return (int64_t)(uintptr_t)jit_context; }
int64_t k_jit_yield(void) { return (int64_t)(uintptr_t)&jit_yield; }
int64_t k_jit_run(int64_t ctx) { return jit_run((void *)(uintptr_t)ctx); }
int64_t k_jit_resume(int64_t ctx) { return jit_resume((void *)(uintptr_t)ctx); }
