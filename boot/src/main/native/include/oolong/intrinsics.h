/*
 * The C/asm functions the Java kernel imports (org.teavm.interop.Import in
 * oolong.kernel.arch.Cpu). Keep this list short: everything that can be Java is Java.
 */
#pragma once
#include <stdint.h>

/* port I/O */
void k_outb(int32_t port, int32_t value);
int32_t k_inb(int32_t port);
void k_outw(int32_t port, int32_t value);
int32_t k_inw(int32_t port);
void k_outl(int32_t port, int32_t value);
int32_t k_inl(int32_t port);

/* time */
int64_t k_rdtsc(void);
int64_t k_tsc_hz(void);
int64_t k_clock_ns(void);
int64_t k_boot_epoch_seconds(void);

/* boot information */
int32_t k_multiboot_magic(void);
int64_t k_multiboot_info(void);
int64_t k_image_start(void);
int64_t k_image_end(void);
int64_t k_arena_start(void);
int64_t k_arena_end(void);

/* control registers */
int64_t k_read_cr0(void);
int64_t k_read_cr2(void);
int64_t k_read_cr3(void);
int64_t k_read_cr4(void);

/* paging: load CR3, drop one TLB entry */
void k_write_cr3(int64_t pml4);
void k_invlpg(int64_t vaddr);

/* bulk physical memory (identity-mapped below 1 GiB): memset / memcpy */
void k_memzero(int64_t addr, int64_t len);
void k_memcopy(int64_t dst, int64_t src, int64_t len);

/* runtime statistics */
int64_t k_gc_collections(void);
int64_t k_gc_full_collections(void);
int64_t k_gc_total_ns(void);
int64_t k_gc_max_pause_ns(void);
int64_t k_gc_allocations(void);
/* The pause of collection n (0 = the first since boot) in ns, or -1 when the ring no longer holds it. */
int64_t k_gc_pause_ns(int64_t n);
int64_t k_gc_pause_ring(void);
/* Time in a GC phase summed over all collections: 0 mark, 1 sweep, 2 defragmentation; 3 is not a
 * time but how many collections compacted the heap. */
int64_t k_gc_phase_ns(int32_t phase);
int64_t k_malloc_in_use(void);

/* device DMA memory (kernel/dma.c) */
int64_t k_dma_alloc(int64_t size, int64_t align);
int64_t k_dma_used(void);
void k_memory_barrier(void);

/* the kernel's thread pointer (FS base; kernel/support.c): 0 when it and errno's address are the kernel's own */
int32_t k_thread_pointer_check(void);
int64_t k_fs_base(void);
int64_t k_kernel_thread_pointer(void);

/* halts the CPU until the next interrupt */
void k_halt(void);

/* user mode (include/oolong/cpu.h, kernel/cpu.c, kernel/usermode.S) */
void k_cpu_init(void);
int32_t k_run_user(int64_t context);
void k_idle(void);
void k_timer_start(int32_t hz);
int32_t k_timer_hz(void);
int64_t k_timer_ticks(void);
int32_t k_take_pending_irqs(void);
int32_t k_pending_irqs(void);
int64_t k_irq_count(int32_t irq);
void k_irq_unmask(int32_t irq);
void k_irq_mask(int32_t irq);
void k_set_current_pid(int32_t pid);
/* signals the panic to QEMU's pvpanic device, then ends the run with the code (the report is printed by Java) */
_Noreturn void k_panic_exit(int32_t code);
/* ends the run through isa-debug-exit (see oolong/exit.h) */
void k_exit_qemu(int32_t code);
