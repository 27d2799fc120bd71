/*
 * The kernel's side of the runtime contract (include/oolong/runtime.h) and the remaining
 * intrinsics imported by Java (include/oolong/intrinsics.h).
 */
#include <stdint.h>
#include <errno.h>
#include <string.h>
#include "oolong/console.h"
#include "oolong/exit.h"
#include "oolong/intrinsics.h"
#include "oolong/io.h"
#include "oolong/runtime.h"

void rt_console_write(const char *s, size_t n) { con_write(s, n); }

_Noreturn void rt_fatal(const char *what) {
    con_puts("\n*** kernel runtime failure: ");
    con_puts(what);
    con_puts("\n");
    k_exit(OOLONG_EXIT_RUNTIME);
}

/*
 * The kernel's own thread pointer (FS base): musl's thread block, where errno and the C library's
 * thread-local state live. Running a user process loads the process's FS base; every way back
 * into the kernel from user mode loads this one again (usermode.S, traps.S).
 */
uint64_t k_kernel_fs_base;

/* Linux system calls made by musl's start-up code in ring 0 (see k_early_syscall_entry). */
long k_early_syscall(long nr, long a1, long a2, long a3, long a4, long a5) {
    (void)a3; (void)a4; (void)a5;
    switch (nr) {
    case 158:                                 /* arch_prctl */
        if (a1 == 0x1002) {                   /* ARCH_SET_FS: musl's thread pointer */
            k_kernel_fs_base = (uint64_t)a2;
            wrmsr(0xC0000100, (uint64_t)a2);
            return 0;
        }
        return -22;                           /* EINVAL */
    case 218:                                 /* set_tid_address */
        return 1;
    default:
        con_puts("\n*** unexpected Linux system call in the kernel: ");
        con_dec((uint64_t)nr);
        con_puts("\n");
        k_exit(OOLONG_EXIT_RUNTIME);
    }
}

void k_outb(int32_t port, int32_t value) { outb((uint16_t)port, (uint8_t)value); }
int32_t k_inb(int32_t port) { return inb((uint16_t)port); }
void k_outw(int32_t port, int32_t value) { outw((uint16_t)port, (uint16_t)value); }
int32_t k_inw(int32_t port) { return inw((uint16_t)port); }
void k_outl(int32_t port, int32_t value) { outl((uint16_t)port, (uint32_t)value); }
int32_t k_inl(int32_t port) { return (int32_t)inl((uint16_t)port); }

int64_t k_read_cr0(void) { return (int64_t)READ_CR(0); }
int64_t k_read_cr2(void) { return (int64_t)READ_CR(2); }
int64_t k_read_cr3(void) { return (int64_t)READ_CR(3); }
int64_t k_read_cr4(void) { return (int64_t)READ_CR(4); }

void k_write_cr3(int64_t pml4) { __asm__ volatile("mov %0, %%cr3" :: "r"((uint64_t)pml4) : "memory"); }
void k_invlpg(int64_t vaddr) { __asm__ volatile("invlpg (%0)" :: "r"((uint64_t)vaddr) : "memory"); }

void k_memzero(int64_t addr, int64_t len) { memset((void *)(uintptr_t)addr, 0, (size_t)len); }
void k_memcopy(int64_t dst, int64_t src, int64_t len) {
    memcpy((void *)(uintptr_t)dst, (const void *)(uintptr_t)src, (size_t)len);
}

int64_t k_gc_collections(void) { return rt_gc.collections; }
int64_t k_gc_full_collections(void) { return rt_gc.full_collections; }
int64_t k_gc_total_ns(void) { return rt_gc.total_ns; }
int64_t k_gc_max_pause_ns(void) { return rt_gc.max_pause_ns; }
int64_t k_gc_allocations(void) { return rt_gc.allocations; }
int64_t k_gc_pause_ns(int64_t n) {
    if (n < 0 || n >= rt_gc.collections || n < rt_gc.collections - RT_GC_PAUSES) return -1;
    return rt_gc_pauses[n % RT_GC_PAUSES];
}
int64_t k_gc_pause_ring(void) { return RT_GC_PAUSES; }
int64_t k_gc_phase_ns(int32_t phase) {
    return phase == 0 ? rt_gc.mark_ns : phase == 1 ? rt_gc.sweep_ns : phase == 2 ? rt_gc.defrag_ns
         : phase == 3 ? rt_gc.compactions : -1;
}

size_t rt_memory_malloc_in_use(void);
int64_t k_malloc_in_use(void) { return (int64_t)rt_memory_malloc_in_use(); }

/*
 * The kernel's thread-local state, checked: 0 when the FS base is the kernel's own and errno's
 * address is the one the kernel had when Java started; else bit 1 (FS base differs) and/or bit 2
 * (errno lives elsewhere, e.g. in a user process's memory).
 */
static int64_t boot_errno_address;

void k_note_thread_pointer(void) { boot_errno_address = (int64_t)(uintptr_t)&errno; }

int32_t k_thread_pointer_check(void) {
    int32_t bad = 0;
    if (rdmsr(0xC0000100) != k_kernel_fs_base) bad |= 1;
    if ((int64_t)(uintptr_t)&errno != boot_errno_address) bad |= 2;
    return bad;
}

int64_t k_fs_base(void) { return (int64_t)rdmsr(0xC0000100); }
int64_t k_kernel_thread_pointer(void) { return (int64_t)k_kernel_fs_base; }

void k_halt(void) { __asm__ volatile("hlt"); }
void k_exit_qemu(int32_t code) { k_exit(code); }
