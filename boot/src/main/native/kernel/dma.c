/*
 * Memory for device DMA (virtqueues and their buffers): physically contiguous, identity-mapped,
 * never moved by the GC and never freed. Drivers take what they need once, at start-up.
 */
#include <stdint.h>
#include "oolong/console.h"

#define DMA_POOL_BYTES (512 * 1024)

static uint8_t dma_pool[DMA_POOL_BYTES] __attribute__((aligned(4096)));
static uint64_t dma_used;

/* Returns zeroed memory of the given size and alignment (a power of two), or 0 when the pool is spent. */
int64_t k_dma_alloc(int64_t size, int64_t align) {
    if (size <= 0 || align <= 0 || (align & (align - 1))) return 0;
    uint64_t start = (dma_used + (uint64_t)align - 1) & ~((uint64_t)align - 1);
    if (start + (uint64_t)size > DMA_POOL_BYTES) return 0;
    dma_used = start + (uint64_t)size;
    for (uint64_t i = start; i < dma_used; i++) dma_pool[i] = 0;
    return (int64_t)(uintptr_t)(dma_pool + start);
}

int64_t k_dma_used(void) { return (int64_t)dma_used; }

/* A full memory barrier: the device must see ring updates in order. */
void k_memory_barrier(void) { __asm__ volatile("mfence" ::: "memory"); }
