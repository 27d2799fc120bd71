/*
 * What the shared TeaVM runtime support (runtime/*.c) needs from the image it is linked into.
 * The kernel implements these with hardware; a user program implements them with system calls.
 */
#pragma once
#include <stddef.h>
#include <stdint.h>

/* Writes console text (UTF-8). */
void rt_console_write(const char *s, size_t n);
/* Nanoseconds since boot (monotonic). */
uint64_t rt_clock_ns(void);
/* Wall-clock seconds at boot (Unix time). */
uint64_t rt_boot_epoch_seconds(void);
/* Fatal runtime error: report and end (kernel: exit QEMU; user: exit the process). Never returns. */
_Noreturn void rt_fatal(const char *what);

/* The memory region given to malloc and to the Java heap reservation (mmap); zeroed: the
 * region is known to be zero-filled (demand-zero user memory), so untouched pages stay untouched. */
void rt_memory_init(void *base, size_t size, int zeroed);
/* The same with the Java heap reservation first: mmap carves downwards from base + map_bytes (so
 * the GC's small tables come lowest, at base, and the heap's start next) and malloc serves
 * [base + map_bytes, base + size). The user image uses it: the parts of the arena a process writes
 * lie at its start, in the same 2 MiB as its data and stack (docs/memory.md). */
void rt_memory_init_maps_first(void *base, size_t size, size_t map_bytes, int zeroed);

/* GC statistics kept by runtime/gcstats.c (replaces TeaVM's heaptrace.c hooks). */
struct rt_gc_stats {
    int64_t collections, full_collections;
    int64_t total_ns, max_pause_ns, last_pause_ns;
    int64_t allocations;
    int64_t mark_ns, sweep_ns, defrag_ns;     /* the phases, summed over all collections */
    int64_t compactions;                      /* collections that compacted (defragmented) the heap */
};
/* Every pause, newest last, in a ring of the last RT_GC_PAUSES: pause i (0 = the first since boot)
 * is rt_gc_pauses[i % RT_GC_PAUSES] while i >= collections - RT_GC_PAUSES. */
#define RT_GC_PAUSES 1024
extern int64_t rt_gc_pauses[RT_GC_PAUSES];
extern struct rt_gc_stats rt_gc;
