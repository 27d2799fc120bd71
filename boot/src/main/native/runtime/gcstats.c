/*
 * Replaces TeaVM's heaptrace.c (the build leaves that file out): the same hooks the GC calls,
 * here keeping counters and pause times instead of printing logs, so that the kernel can
 * report GC counts and pauses in its statistics.
 */
#include <stdint.h>
#include <stdio.h>
#include <wchar.h>
#include "oolong/runtime.h"
#include "core.h"
#include "heaptrace.h"

struct rt_gc_stats rt_gc;
int64_t rt_gc_pauses[RT_GC_PAUSES];
static uint64_t started_ns;

void teavm_outOfMemory(void) { rt_fatal("the Java heap is exhausted (out of memory)"); }

void teavm_gc_allocate(void *address, int32_t size) { (void)address; (void)size; rt_gc.allocations++; }
void teavm_gc_free(void *address, int32_t size) { (void)address; (void)size; }
void teavm_gc_assertFree(void *address, int32_t size) { (void)address; (void)size; }
void teavm_gc_mark(void *address) { (void)address; }
void teavm_gc_move(void *from, void *to, int32_t size) { (void)from; (void)to; (void)size; }
/* where the pauses go: each phase's time, summed over all collections */
static uint64_t phase_started_ns;
void teavm_gc_markStarted(void) { phase_started_ns = rt_clock_ns(); }
void teavm_gc_markCompleted(void) { rt_gc.mark_ns += (int64_t)(rt_clock_ns() - phase_started_ns); }
void teavm_gc_sweepStarted(void) { phase_started_ns = rt_clock_ns(); }
void teavm_gc_sweepCompleted(void) { rt_gc.sweep_ns += (int64_t)(rt_clock_ns() - phase_started_ns); }
/* called only by a collection that compacts (oolong.boot.guest.GcCompaction decides) */
void teavm_gc_defragStarted(void) { phase_started_ns = rt_clock_ns(); rt_gc.compactions++; }
void teavm_gc_defragCompleted(void) { rt_gc.defrag_ns += (int64_t)(rt_clock_ns() - phase_started_ns); }
void teavm_gc_heapResized(int64_t size) { (void)size; }
void teavm_gc_reportDirtyRegion(void *address) { (void)address; }
void teavm_gc_setDumpDirectory(const wchar_t *path) { (void)path; }

void teavm_gc_gcStarted(int32_t full) {
    started_ns = rt_clock_ns();
    rt_gc.collections++;
    if (full) rt_gc.full_collections++;
}

void teavm_gc_gcCompleted(void) {
    int64_t pause = (int64_t)(rt_clock_ns() - started_ns);
    rt_gc.last_pause_ns = pause;
    rt_gc_pauses[(rt_gc.collections - 1) % RT_GC_PAUSES] = pause;
    rt_gc.total_ns += pause;
    if (pause > rt_gc.max_pause_ns) rt_gc.max_pause_ns = pause;
}

int32_t teavm_gc_objectSize(void *address) {
    TeaVM_Class *cls = TEAVM_CLASS_OF(address);
    if (cls->itemType == NULL) return cls->size;
    int32_t itemSize = teavm_primitiveKind(cls->itemType) != 0 ? cls->itemType->size : sizeof(void *);
    TeaVM_Array *array = (TeaVM_Array *)address;
    char *size = TEAVM_ALIGN((void *)sizeof(TeaVM_Array), itemSize);
    size += array->size * itemSize;
    size = TEAVM_ALIGN(size, sizeof(void *));
    return (int32_t)(intptr_t)size;
}
