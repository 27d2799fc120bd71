/*
 * Memory for the TeaVM runtime, shared by the kernel and user images.
 *
 * The image hands over one region at start-up (rt_memory_init). The Java heap reservation
 * (TeaVM calls mmap for the heap and then for its GC tables) is carved page-aligned from the top of
 * the region; malloc serves the rest from the bottom with a first-fit free list that coalesces
 * neighbours. rt_memory_init_maps_first puts the reservation at the bottom instead (still carved
 * downwards, so the small GC tables come first and the heap's start right after them) and malloc
 * above it. The runtime mallocs a few tables at start-up and small strings later (class names,
 * log buffers), so this stays simple on purpose.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include "oolong/runtime.h"

#define ALIGN 16
#define PAGE 4096

typedef struct block {
    size_t size;                 /* bytes after this header */
    struct block *next_free;     /* valid only while free */
    size_t free;
    size_t pad;
} block;                         /* 32 bytes: keeps payloads 16-byte aligned */

static uint8_t *region_base, *brk_top, *map_bottom;
static uint8_t *brk_limit, *map_limit;   /* maps-first layout only: malloc's end, mmap's floor */
static block *free_list;         /* sorted by address, so neighbours can merge */
static size_t malloc_in_use, mapped_bytes;
static int region_zeroed;   /* the region arrives zeroed (user: demand-zero pages): no memset, no touching */

void rt_memory_init(void *base, size_t size, int zeroed) {
    region_zeroed = zeroed;
    region_base = (uint8_t *)(((uintptr_t)base + ALIGN - 1) & ~(uintptr_t)(ALIGN - 1));
    brk_top = region_base;
    map_bottom = (uint8_t *)(((uintptr_t)base + size) & ~(uintptr_t)(PAGE - 1));
    free_list = NULL;
    brk_limit = map_limit = NULL;
}

void rt_memory_init_maps_first(void *base, size_t size, size_t map_bytes, int zeroed) {
    uint8_t *split = (uint8_t *)(((uintptr_t)base + map_bytes + PAGE - 1) & ~(uintptr_t)(PAGE - 1));
    rt_memory_init(split, (size_t)((uint8_t *)base + size - split), zeroed);
    brk_limit = map_bottom;              /* malloc: [split, base + size) */
    map_bottom = split;                  /* mmap: downwards from split to base */
    map_limit = (uint8_t *)base;
}

/* Where malloc must stop and where mmap must stop: each other in the default layout. */
static uint8_t *malloc_end(void) { return brk_limit ? brk_limit : map_bottom; }
static uint8_t *map_floor(void) { return map_limit ? map_limit : brk_top; }

size_t rt_memory_malloc_in_use(void) { return malloc_in_use; }
size_t rt_memory_mapped(void) { return mapped_bytes; }
size_t rt_memory_unused(void) {
    if (brk_limit) return (size_t)(brk_limit - brk_top) + (size_t)(map_bottom - map_limit);
    return (size_t)(map_bottom - brk_top);
}

static block *grow(size_t size) {
    if ((size_t)(malloc_end() - brk_top) < sizeof(block) + size) rt_fatal("out of memory in malloc");
    block *b = (block *)brk_top;
    brk_top += sizeof(block) + size;
    b->size = size;
    b->free = 0;
    return b;
}

void *malloc(size_t n) {
    size_t size = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
    if (size == 0) size = ALIGN;
    block **link = &free_list;
    for (block *b = free_list; b; link = &b->next_free, b = b->next_free) {
        if (b->size < size) continue;
        if (b->size >= size + sizeof(block) + ALIGN) {        /* split: keep the tail free */
            block *tail = (block *)((uint8_t *)(b + 1) + size);
            tail->size = b->size - size - sizeof(block);
            tail->free = 1;
            tail->next_free = b->next_free;
            *link = tail;
            b->size = size;
        } else {
            *link = b->next_free;
        }
        b->free = 0;
        malloc_in_use += b->size;
        return b + 1;
    }
    block *b = grow(size);
    malloc_in_use += b->size;
    return b + 1;
}

void free(void *p) {
    if (!p) return;
    block *b = (block *)p - 1;
    if (b->free) rt_fatal("double free");
    malloc_in_use -= b->size;
    b->free = 1;
    block *prev = NULL, *next = free_list;
    while (next && next < b) { prev = next; next = next->next_free; }
    b->next_free = next;
    if (prev) prev->next_free = b; else free_list = b;
    if (next && (uint8_t *)(b + 1) + b->size == (uint8_t *)next) {          /* merge with next */
        b->size += sizeof(block) + next->size;
        b->next_free = next->next_free;
    }
    if (prev && (uint8_t *)(prev + 1) + prev->size == (uint8_t *)b) {       /* merge with previous */
        prev->size += sizeof(block) + b->size;
        prev->next_free = b->next_free;
    }
}

void *calloc(size_t count, size_t size) {
    if (size && count > SIZE_MAX / size) return NULL;
    void *p = malloc(count * size);
    memset(p, 0, count * size);
    return p;
}

void *realloc(void *p, size_t n) {
    if (!p) return malloc(n);
    block *b = (block *)p - 1;
    if (n <= b->size) return p;
    void *q = malloc(n);
    memcpy(q, p, b->size);
    free(p);
    return q;
}

int posix_memalign(void **out, size_t align, size_t n) {
    if (align <= ALIGN) { *out = malloc(n); return 0; }
    /* rare (not used by the runtime today): over-allocate and never free */
    uint8_t *p = malloc(n + align);
    *out = (void *)(((uintptr_t)p + align - 1) & ~(uintptr_t)(align - 1));
    return 0;
}

void *aligned_alloc(size_t align, size_t n) {
    void *p;
    posix_memalign(&p, align, n);
    return p;
}

/* TeaVM reserves the heap with mmap(PROT_NONE) and commits it with mprotect: both are plain memory here. */
void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
    (void)addr; (void)prot; (void)flags; (void)fd; (void)off;
    len = (len + PAGE - 1) & ~(size_t)(PAGE - 1);
    if ((size_t)(map_bottom - map_floor()) < len) rt_fatal("out of memory reserving the Java heap");
    map_bottom -= len;
    mapped_bytes += len;
    if (!region_zeroed) memset(map_bottom, 0, len);
    return map_bottom;
}

int munmap(void *addr, size_t len) { (void)addr; (void)len; return 0; }
int mprotect(void *addr, size_t len, int prot) { (void)addr; (void)len; (void)prot; return 0; }
