/*
 * kmain: from the boot stub to Java.
 *
 * Sets up what the TeaVM runtime expects of a process (exceptions reported, a clock, memory for
 * malloc and the Java heap, musl's thread pointer) and enters the generated main(), which runs
 * oolong.kernel.Kernel.main. The runtime's memory (the "arena") is placed after the kernel image
 * and after any multiboot modules, 2 MiB aligned; its size is fixed at build time
 * (OOLONG_ARENA_BYTES, from the Java heap size). Everything above it is left to the Java kernel.
 */
#include <stdint.h>
#include "oolong/console.h"
#include "oolong/exit.h"
#include "oolong/io.h"
#include "oolong/runtime.h"
#include "oolong/trap.h"

#ifndef OOLONG_ARENA_BYTES
#error "OOLONG_ARENA_BYTES must be defined by the build"
#endif

#define MULTIBOOT_BOOTLOADER_MAGIC 0x2BADB002
#define IDENTITY_MAPPED_LIMIT 0x40000000ull      /* the boot page tables map the first 1 GiB */
#define TWO_MIB 0x200000ull

extern char __image_start[];   /* from kernel.ld */
extern char __image_end[];
extern char k_early_syscall_entry[];
void k_clock_init(void);

static uint32_t mb_magic;
static uint64_t mb_info, arena_start, arena_end;

int32_t k_multiboot_magic(void) { return (int32_t)mb_magic; }
int64_t k_multiboot_info(void) { return (int64_t)mb_info; }
int64_t k_image_start(void) { return (int64_t)(uintptr_t)__image_start; }
int64_t k_image_end(void) { return (int64_t)(uintptr_t)__image_end; }
int64_t k_arena_start(void) { return (int64_t)arena_start; }
int64_t k_arena_end(void) { return (int64_t)arena_end; }

static void fail(const char *why) {
    con_puts("\n*** boot failed: ");
    con_puts(why);
    con_puts("\n");
    k_exit(OOLONG_EXIT_PANIC);
}

/* The arena goes above everything the loader placed in memory: our image and the modules. */
static void place_arena(void) {
    const uint32_t *info = (const uint32_t *)(uintptr_t)mb_info;
    uint64_t lowest = (uint64_t)(uintptr_t)__image_end;
    if (info[0] & (1u << 3)) {                            /* mods_count, mods_addr valid */
        const uint32_t *mod = (const uint32_t *)(uintptr_t)info[6];
        for (uint32_t i = 0; i < info[5]; i++, mod += 4)
            if (mod[1] > lowest) lowest = mod[1];
    }
    if (!(info[0] & 1u)) fail("the boot loader gave no memory size (multiboot flag 0)");
    uint64_t ram_end = 0x100000ull + (uint64_t)info[2] * 1024;   /* mem_upper: KiB above 1 MiB */
    if (ram_end > IDENTITY_MAPPED_LIMIT) ram_end = IDENTITY_MAPPED_LIMIT;
    arena_start = (lowest + TWO_MIB - 1) & ~(TWO_MIB - 1);
    arena_end = arena_start + OOLONG_ARENA_BYTES;
    if (arena_end > ram_end) fail("not enough memory for the kernel's Java heap; give the VM more RAM");
}

extern int main(int, char **);
extern int __libc_start_main(int (*)(int, char **, char **), int, char **,
                             void (*)(void), void (*)(void), void (*)(void));

void k_note_thread_pointer(void);

static int enter_java(int argc, char **argv, char **envp) {
    (void)envp;
    k_note_thread_pointer();       /* musl's thread block is set up now: remember where errno lives */
    main(argc, argv);
    /* The Java kernel ends the run itself; returning means it gave up. */
    con_puts("\n*** the Java kernel returned from main\n");
    k_exit(OOLONG_EXIT_PANIC);
}

/* argv for the runtime, then an empty environment and an auxiliary vector with the page size. */
static char *boot_vector[] = { "oolong", 0, 0, (char *)6 /* AT_PAGESZ */, (char *)4096, 0, 0 };

void kmain(uint32_t magic, uint32_t info) {
    mb_magic = magic;
    mb_info = info;
    k_idt_init();
    if (magic != MULTIBOOT_BOOTLOADER_MAGIC) fail("not started by a multiboot loader");
    k_clock_init();
    place_arena();
    rt_memory_init((void *)(uintptr_t)arena_start, (size_t)(arena_end - arena_start), 0);
    /* SYSCALL during start-up lands in the early trap (kernel/traps.S): STAR, LSTAR, FMASK (IF|DF|TF) */
    wrmsr(0xC0000081, (uint64_t)0x08 << 32);
    wrmsr(0xC0000082, (uint64_t)(uintptr_t)k_early_syscall_entry);
    wrmsr(0xC0000084, 0x700);
    __libc_start_main(enter_java, 1, boot_vector, 0, 0, 0);
    fail("__libc_start_main returned");
}
