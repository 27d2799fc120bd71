/*
 * The puppet a SHAREMEM fork creates: a thread of its parent (same address space) on a stack of its
 * own (user/thread.S), serving the REPL's commands like the Java puppet but in C, because the
 * Java runtime and heap it shares with the parent are single-threaded. It understands the commands
 * a thread needs to show shared memory and its own life: getpid, touch, poke, sleep, await, close,
 * exit. It uses no C library state (errno, stdio): its thread pointer is the parent's.
 */
#include <stdint.h>
#include "oolong/syscall.h"

_Noreturn void u_thread_exit(int64_t stack, int64_t stack_bytes, int64_t code);

struct out {
    char b[512];
    int n;
};

static void put(struct out *o, const char *s) {
    while (*s && o->n < (int)sizeof o->b - 1) o->b[o->n++] = *s++;
}

static void put_long(struct out *o, int64_t v) {
    char d[24];
    int k = 0;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do {
        d[k++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0) put(o, "-");
    while (k) {
        char c[2] = {d[--k], 0};
        put(o, c);
    }
}

static const char *skip_spaces(const char *p) {
    while (*p == ' ') p++;
    return p;
}

/*
 * A 64-bit number: 0x hex or decimal up to 2^64-1 (addresses in the upper half too), or a
 * negative decimal. Returns 0 and leaves *v alone when the text is not one.
 */
static int parse_number(const char **pp, uint64_t *v) {
    const char *p = skip_spaces(*pp);
    int negative = 0;
    uint64_t x = 0;
    int digits = 0;
    if (*p == '-') {
        negative = 1;
        p++;
    }
    if (!negative && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
        for (p += 2; ; p++, digits++) {
            int d = *p >= '0' && *p <= '9' ? *p - '0' : *p >= 'a' && *p <= 'f' ? *p - 'a' + 10
                    : *p >= 'A' && *p <= 'F' ? *p - 'A' + 10 : -1;
            if (d < 0) break;
            if (x >> 60) return 0;
            x = x << 4 | (uint64_t)d;
        }
    } else {
        for (; *p >= '0' && *p <= '9'; p++, digits++) {
            uint64_t d = (uint64_t)(*p - '0');
            if (x > (UINT64_MAX - d) / 10) return 0;
            x = x * 10 + d;
        }
        if (negative && x > (uint64_t)1 << 63) return 0;
    }
    if (digits == 0 || (*p != ' ' && *p != 0)) return 0;
    *v = negative ? (uint64_t)0 - x : x;
    *pp = p;
    return 1;
}

static int word_is(const char *p, const char *w) {
    while (*w && *p == *w) p++, w++;
    return *w == 0 && (*p == ' ' || *p == 0);
}

_Noreturn void u_thread_puppet(int64_t stack, int64_t stack_bytes) {
    char command[1025];
    struct out o = {.n = 0};
    put(&o, "{\"ret\":0,\"child\":true,\"thread\":true}");
    for (;;) {
        int64_t n = oolong_syscall5(SYS_PUPPET_NEXT, (long)o.b, o.n, (long)command, sizeof command - 1, 0);
        if (n < 0) u_thread_exit(stack, stack_bytes, 1);
        command[n] = 0;
        const char *p = skip_spaces(command);
        const char *arg = p;
        while (*arg && *arg != ' ') arg++;
        uint64_t a = 0, b = 0;
        int64_t ret;
        int parsed = 1;
        o.n = 0;
        if (word_is(p, "getpid")) {
            ret = oolong_syscall(SYS_GETPID, 0, 0, 0);
        } else if (word_is(p, "exit")) {
            if ((parsed = parse_number(&arg, &a))) u_thread_exit(stack, stack_bytes, (int64_t)a);
            ret = -22;
        } else if (word_is(p, "sleep")) {
            ret = (parsed = parse_number(&arg, &a)) ? oolong_syscall(SYS_SLEEP, (long)a, 0, 0) : -22;
        } else if (word_is(p, "await")) {
            ret = oolong_syscall(SYS_AWAIT, 0, 0, 0);
        } else if (word_is(p, "close")) {
            ret = (parsed = parse_number(&arg, &a)) ? oolong_syscall(SYS_CLOSE, (long)a, 0, 0) : -22;
        } else if (word_is(p, "touch")) {
            ret = (parsed = parse_number(&arg, &a)) ? *(volatile int64_t *)(uintptr_t)a : -22;
        } else if (word_is(p, "poke")) {
            parsed = parse_number(&arg, &a) && parse_number(&arg, &b);
            if (parsed) *(volatile int64_t *)(uintptr_t)a = (int64_t)b;
            ret = parsed ? 0 : -22;
        } else {
            put(&o, "{\"ret\":-38,\"error\":\"a thread puppet (a SHAREMEM child, on its own stack, without Java) "
                    "understands getpid, touch, poke, sleep, await, close and exit\"}");
            continue;
        }
        put(&o, "{\"ret\":");
        put_long(&o, ret);
        if (!parsed) put(&o, ",\"error\":\"bad number\"");
        put(&o, "}");
    }
}
