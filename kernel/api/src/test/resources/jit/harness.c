/*
 * Runs compiled policy code on the host for the tests, through the kernel's own trampoline
 * (boot/src/main/native/kernel/jit.S), linked in unchanged. The test (HarnessCode) drives it over
 * stdin/stdout with little-endian 64-bit words:
 *   1 len entry, then len bytes  load the code: written into fresh pages while they are writable,
 *                                then made executable and not writable (W^X, as in the kernel)
 *   2 remaining 0               jit_run with that budget
 *   3 result 0                  jit_resume with a call-out's result
 *   4 size current, now columns 0, then size words per column
 *                               the run queue's values for the next run (JIT_QUEUE_*, JIT_COLUMNS)
 *   5 pid hook, now 0 0, then 6 words
 *                               a probe's event for the next run (JIT_EVENT_*)
 *   6 remaining 0               jit_run of a probe's or patch's entry (this, the event, the maps)
 *   7 offset value              sets one field of the context
 *   8 words mask, capacity n reset, then n pairs (index, value)
 *                               a probe's map memory (FixedMaps.memory(), JIT_MAPS_*) of that many
 *                               words, which inline add/get/put update, with the words changed since
 *                               the last exchange (reset: since zeros); 0 words: none (JIT_MAPS_BASE 0)
 * After 2, 3 and 6 it answers with the words of the context, then the number of map words the run
 * changed and their (index, value) pairs (the maps live in the test's JVM: only changes travel). End of input ends it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "oolong/jit.h"

static uint64_t ctx[JIT_SIZE / 8] __attribute__((aligned(16)));
#define MAX_QUEUE 4096
static uint64_t columns[12][MAX_QUEUE];

static uint64_t *maps;
static uint64_t *shadow;        /* the map memory as the test last saw it: only changes travel */
static uint64_t *changes;        /* (index, value) pairs of one answer */
static uint64_t changes_room;
static uint64_t maps_words;

static int read_words(uint64_t *w, int n) {
    return fread(w, 8, n, stdin) == (size_t)n;
}

int main(void) {
    uint64_t cmd[3];
    uint8_t *code = NULL;
    size_t code_size = 0;
    size_t stack_bytes = 128 * 1024;
    uint8_t *stack = mmap(NULL, stack_bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (stack == MAP_FAILED) { perror("mmap stack"); return 2; }
    while (read_words(cmd, 3)) {
        if (cmd[0] == 1) {
            size_t len = cmd[1];
            if (code) munmap(code, code_size);
            code_size = (len + 4095) & ~(size_t)4095;
            code = mmap(NULL, code_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
            if (code == MAP_FAILED) { perror("mmap code"); return 2; }
            if (fread(code, 1, len, stdin) != len) return 3;
            if (mprotect(code, code_size, PROT_READ | PROT_EXEC) != 0) { perror("mprotect"); return 2; }
            memset(ctx, 0, sizeof ctx);
            ctx[JIT_ENTRY / 8] = (uint64_t)(uintptr_t)(code + cmd[2]);
            ctx[JIT_YIELD / 8] = (uint64_t)(uintptr_t)&jit_yield;
            ctx[JIT_STACK_TOP / 8] = (uint64_t)(uintptr_t)(stack + stack_bytes);
            continue;
        }
        if (cmd[0] == 4) {
            uint64_t more[3];
            if (!read_words(more, 3) || cmd[1] > MAX_QUEUE) return 5;
            ctx[JIT_QUEUE_SIZE / 8] = cmd[1];
            ctx[JIT_QUEUE_CURRENT / 8] = cmd[2];
            ctx[JIT_QUEUE_NOW / 8] = more[0];
            for (int id = 2; id <= 9; id++) {
                if (more[1] & (1u << id)) {
                    if (!read_words(columns[id - 2], (int)cmd[1])) return 5;
                    ctx[JIT_COLUMNS / 8 + id - 2] = (uint64_t)(uintptr_t)columns[id - 2];
                }
            }
            if (more[1] & (1u << 11)) {               /* the scratch slots, which compiled code also writes */
                for (int s = 0; s < 4; s++) {
                    if (!read_words(columns[8 + s], (int)cmd[1])) return 5;
                    ctx[JIT_SCRATCH_COLUMNS / 8 + s] = (uint64_t)(uintptr_t)columns[8 + s];
                }
            }
            continue;
        }
        if (cmd[0] == 7) {
            if (cmd[1] >= JIT_SIZE || cmd[1] % 8 != 0) return 5;
            ctx[cmd[1] / 8] = cmd[2];
            continue;
        }
        if (cmd[0] == 8) {                           /* map memory: its size, then changed words as (index, value) */
            uint64_t more[3];
            if (!read_words(more, 3) || cmd[1] > (1u << 24)) return 5;
            if (cmd[1] != maps_words) {
                free(maps);
                free(shadow);
                maps_words = cmd[1];
                maps = maps_words ? calloc(maps_words, 8) : NULL;
                shadow = maps_words ? calloc(maps_words, 8) : NULL;
            }
            if (more[2] && maps_words) {                 /* another map memory: it starts from zeros */
                memset(maps, 0, maps_words * 8);
                memset(shadow, 0, maps_words * 8);
            }
            for (uint64_t k = 0; k < more[1]; k++) {
                uint64_t iv[2];
                if (!read_words(iv, 2) || iv[0] >= maps_words) return 5;
                maps[iv[0]] = shadow[iv[0]] = iv[1];
            }
            ctx[JIT_MAPS_BASE / 8] = (uint64_t)(uintptr_t)maps;
            ctx[JIT_MAPS_MASK / 8] = cmd[2];
            ctx[JIT_MAPS_CAPACITY / 8] = more[0];
            continue;
        }
        if (cmd[0] == 5) {
            uint64_t more[3];
            if (!read_words(more, 3) || !read_words(&ctx[JIT_EVENT_ARGS / 8], 6)) return 5;
            ctx[JIT_EVENT_PID / 8] = cmd[1];
            ctx[JIT_EVENT_HOOK / 8] = cmd[2];
            ctx[JIT_EVENT_NOW / 8] = more[0];
            continue;
        }
        if (cmd[0] == 2 || cmd[0] == 6) {
            ctx[JIT_REMAINING / 8] = cmd[1];
            ctx[JIT_ARG0 / 8] = 1;                       /* this */
            ctx[JIT_ARG1 / 8] = cmd[0] == 2 ? 2 : 3;     /* the run queue, or the event */
            ctx[JIT_ARG2 / 8] = cmd[0] == 2 ? 0 : 4;     /* the maps */
            jit_run(ctx);
        } else if (cmd[0] == 3) {
            ctx[JIT_RESULT / 8] = cmd[1];
            jit_resume(ctx);
        } else {
            return 4;
        }
        fwrite(ctx, 8, JIT_SIZE / 8, stdout);
        /* one pass, whole blocks skipped by memcmp: a run changes a few words of a large memory */
        uint64_t changed = 0;
        for (uint64_t at = 0; at < maps_words; at += 64) {
            uint64_t n = maps_words - at < 64 ? maps_words - at : 64;
            if (memcmp(&maps[at], &shadow[at], n * 8) == 0) continue;
            for (uint64_t i = at; i < at + n; i++) {
                if (maps[i] != shadow[i]) {
                    if (changed == changes_room) {
                        changes_room = changes_room ? changes_room * 2 : 64;
                        changes = realloc(changes, changes_room * 16);
                        if (!changes) return 6;
                    }
                    changes[2 * changed] = i;
                    changes[2 * changed + 1] = maps[i];
                    changed++;
                    shadow[i] = maps[i];
                }
            }
        }
        fwrite(&changed, 8, 1, stdout);
        if (changed) fwrite(changes, 16, changed, stdout);
        fflush(stdout);
    }
    return 0;
}
