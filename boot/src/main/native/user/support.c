/*
 * The user image's side of the runtime contract (include/oolong/runtime.h): everything goes
 * through Oolong system calls. Console output is buffered per line to keep system calls few.
 */
#include <stdint.h>
#include <string.h>
#include "oolong/runtime.h"
#include "oolong/syscall.h"

#ifndef OOLONG_USER_ARENA_BASE
#error "OOLONG_USER_ARENA_BASE, OOLONG_USER_ARENA_BYTES and OOLONG_USER_MAP_BYTES must be defined by the build"
#endif

static char line[256];
static size_t line_len;

/* Writes line_len only when there was a line: fork flushes first, and a store of the same 0 after
 * every fork would copy this copy-on-write page again for each child (docs/memory.md). */
static void flush_line(void) {
    if (!line_len) return;
    oolong_syscall(SYS_LOG_WRITE, (long)line, (long)line_len, 0);
    line_len = 0;
}

void rt_console_write(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) {
        line[line_len++] = s[i];
        if (s[i] == '\n' || line_len == sizeof line) flush_line();
    }
}

void u_flush_console(void) { flush_line(); }

uint64_t rt_clock_ns(void) { return (uint64_t)oolong_syscall(SYS_CLOCK_NS, 0, 0, 0); }
uint64_t rt_boot_epoch_seconds(void) { return 0; }

_Noreturn void rt_fatal(const char *what) {
    flush_line();
    static const char prefix[] = "user runtime failure: ";
    oolong_syscall(SYS_LOG_WRITE, (long)prefix, sizeof prefix - 1, 0);
    oolong_syscall(SYS_LOG_WRITE, (long)what, (long)strlen(what), 0);
    oolong_syscall(SYS_LOG_WRITE, (long)"\n", 1, 0);
    for (;;) oolong_syscall(SYS_EXIT, 127, 0, 0);
}

extern int main(int, char **);
extern int __libc_start_main(int (*)(int, char **, char **), int, char **,
                             void (*)(void), void (*)(void), void (*)(void));

static int enter_java(int argc, char **argv, char **envp) {
    (void)envp;
    int status = main(argc, argv);
    flush_line();
    for (;;) oolong_syscall(SYS_EXIT, status, 0, 0);
}

/*
 * The process's arguments come from the kernel (argv[0] names the program); musl wants argv, envp
 * and an auxiliary vector. TeaVM's main() hands Java argv[1..], so the program name is passed as
 * argv[1] behind a fixed argv[0]: Java's args[0] is then the program, as oolong.user.Main expects.
 */
_Noreturn void user_main(long argc, char **argv) {
    static char *vector[1 + 64 + 5];
    /* the strings are copied: they lie at the stack region's top, where the stack grows once it is
       deeper than its first page (crt.S); the kernel allows 3,072 bytes of them (ProgramLoader) */
    static char strings[4096];
    size_t used = 0;
    long n = argc < 64 ? argc : 64;
    vector[0] = "oolong-user";
    for (long i = 0; i < n; i++) {
        size_t len = strlen(argv[i]) + 1;
        if (len > sizeof strings - used) rt_fatal("arguments too long");
        memcpy(strings + used, argv[i], len);
        vector[1 + i] = strings + used;
        used += len;
    }
    vector[n + 1] = 0;                     /* end of argv */
    vector[n + 2] = 0;                     /* empty environment */
    vector[n + 3] = (char *)6;             /* AT_PAGESZ */
    vector[n + 4] = (char *)4096;
    vector[n + 5] = 0;                     /* AT_NULL */
    /* demand-zero; the Java heap's reservation first, so that its GC tables and its start share
       the 2 MiB of .data, .bss and the stack's top (ImageSpec, user.ld) */
    rt_memory_init_maps_first((void *)OOLONG_USER_ARENA_BASE, OOLONG_USER_ARENA_BYTES, OOLONG_USER_MAP_BYTES, 1);
    __libc_start_main(enter_java, (int)n + 1, vector, 0, 0, 0);
    rt_fatal("__libc_start_main returned");
}
