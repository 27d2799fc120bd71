/*
 * The process-model benchmark's C side: ProcessModelWorkload's fork/kill/reap, move for move, over
 * the seed's own proc.c (extracted from the seed document by oolong.bench.SeedBuild and included
 * here, so its static functions are in reach), compiled with gcc -O2. It computes the same
 * checksum as the Java workload on HotSpot and natively; scripts/bench-model sets its time beside
 * theirs.
 *
 * What proc.c leaves to the rest of the seed's kernel is done here the way the Java model does it:
 * await is the seed's _sys_await (a TOREAP child is reaped at once, -1 when nothing can ever be
 * collected, otherwise the caller waits), a filicide's count is the live processes it killed, and
 * the forgotten list is counted as it is freed.
 *
 * usage: seedbench [PROCESSES]   (default 1,000,000; three runs, the median is the result)
 * output: seedbench: result fork-kill-reap processes=N runs=3 ns/cycle=X checksum=H
 *         seedbench: result xorshift iterations=N ns/iter=X value=V
 */
#define _GNU_SOURCE
#include <string.h>
#include <time.h>
#include "proc.c"

/* ------------------------------------------------------------------ the inert machine */

static long pagedirs_live, deaths;
static VfsMount root_mount;

Pagedir *pagedir_new(void) { pagedirs_live++; return kzalloc(sizeof(Pagedir)); }
Pagedir *pagedir_copy(Pagedir *pages) { (void)pages; return pagedir_new(); }
void pagedir_free(Pagedir *pages) { pagedirs_live--; kfree(pages); }
VfsMount *vfs_mount_seed(void) { root_mount.refs = 1; return &root_mount; }
/* called once for every live process proc_kill kills: the model's "exited" hook */
void vfs_mount_remref(VfsMount *m) { m->refs--; deaths++; }
_Noreturn void seed_panic(const char *what, const char *file, int line) {
    fprintf(stderr, "seedbench: assertion failed: %s (%s:%d)\n", what, file, line);
    exit(2);
}
_Noreturn void shutdown(void) { seed_panic("init died", __FILE__, __LINE__); }
_Noreturn void execbuf_run(Proc *p) { (void)p; seed_panic("execbuf_run", __FILE__, __LINE__); }
_Noreturn void sysexit(struct CpuRegs r) { (void)r; seed_panic("sysexit", __FILE__, __LINE__); }

/* ------------------------------------------------------------------ the system calls the workload makes */

#define BLOCKED INT64_MIN
#define NOTHING_TO_AWAIT (-1)

/* the seed's _sys_await */
static int64_t sys_await(Proc *p) {
    bool has_children = false;
    proc_setstate(p, PS_WAITS4CHILDDEATH);
    for (Proc *it = p->child; it; it = it->sibling) {
        if (it->noreap) continue;
        has_children = true;
        if (it->state == PS_TOREAP) {
            proc_tryreap(it);            /* delivers the code and makes p RUNNING */
            return (int64_t)(int)p->regs.rax;
        }
    }
    if (!has_children) {
        proc_setstate(p, PS_RUNNING);
        return NOTHING_TO_AWAIT;
    }
    return BLOCKED;
}

static Proc *sys_fork(Proc *parent, int flags) {
    Proc *child = proc_fork(parent, flags);
    parent->regs.rax = child->globalid;
    child->regs.rax = 0;
    return child;
}

static int sys_filicide(Proc *parent, int code) {
    long before = deaths;
    proc_filicide(parent, code);
    return (int)(deaths - before);
}

static int free_forgotten(void) {
    int n = 0;
    for (Proc *p = proc_forgotten; p; p = p->sibling) n++;
    proc_free_forgotten();
    return n;
}

/* ------------------------------------------------------------------ ProcessModelWorkload */

#define FANOUT 8
#define SUBTREE (1 + FANOUT + FANOUT * FANOUT + FANOUT * FANOUT * FANOUT)
#define INTERIOR (1 + FANOUT + FANOUT * FANOUT)
#define RING 4
#define FILICIDE_CODE 99

static Proc *init;
static Proc *ring[RING][SUBTREE];
static int ring_size[RING], ring_round[RING];

static uint64_t mix(uint64_t h, uint64_t v) { return (h ^ v) * 0x100000001B3ULL + 0x9E3779B97F4A7C15ULL; }

static int flags_for(int child_index) {
    switch (child_index) {
    case 1: case 5: return FORK_SHAREMEM;
    case 2: case 6: return FORK_SHAREHANDLE;
    case 3: return FORK_SHAREMEM | FORK_SHAREHANDLE;
    case 7: return FORK_NOREAP;
    default: return 0;
    }
}

static uint64_t build(int slot, int n, uint64_t h) {
    Proc **nodes = ring[slot];
    nodes[0] = sys_fork(init, 0);
    int size = 1;
    for (int i = 0; i < INTERIOR && size < n; i++) {
        Proc *parent = nodes[i];
        for (int c = 0; c < FANOUT && size < n; c++) {
            Proc *child = sys_fork(parent, flags_for(c));
            nodes[size++] = child;
            h = mix(h, child->globalid);
        }
    }
    ring_size[slot] = size;
    return mix(h, nodes[0]->globalid);
}

static int code_of(Proc *p) { return p->globalid & 0x7F; }

static uint64_t drain_await(Proc *p, uint64_t h) {
    for (;;) {
        int64_t code = sys_await(p);
        if (code == NOTHING_TO_AWAIT) return h;
        if (code == BLOCKED) seed_panic("blocked in await with only dead children", __FILE__, __LINE__);
        h = mix(h, (uint64_t)code);
    }
}

static uint64_t tear_down(int slot, uint64_t h) {
    Proc **nodes = ring[slot];
    int n = ring_size[slot];
    Proc *root = nodes[0];
    switch (ring_round[slot] % 3) {
    case 0:   /* exit and await, bottom up */
        for (int j = n - 1; j >= 1; j--) {
            Proc *p = nodes[j];
            if (p->child) h = drain_await(p, h);
            proc_kill(p, code_of(p));
        }
        h = drain_await(root, h);
        if (sys_await(init) != BLOCKED) seed_panic("init did not wait for a live child", __FILE__, __LINE__);
        proc_kill(root, code_of(root));
        if (init->state != PS_RUNNING) seed_panic("init was not woken", __FILE__, __LINE__);
        h = mix(h, (uint64_t)(int64_t)(int)init->regs.rax);
        break;
    case 1:   /* filicide */
        h = mix(h, (uint64_t)sys_filicide(root, FILICIDE_CODE));
        h = drain_await(root, h);
        proc_kill(root, code_of(root));
        h = mix(h, (uint64_t)sys_await(init));
        break;
    default:  /* orphans, top down */
        proc_kill(root, code_of(root));
        h = mix(h, (uint64_t)sys_await(init));
        for (int j = 1; j < n; j++) proc_kill(nodes[j], code_of(nodes[j]));
        break;
    }
    if (root->state != PS_FORGOTTEN) seed_panic("subtree root not forgotten after tear-down", __FILE__, __LINE__);
    memset(nodes, 0, sizeof(Proc *) * n);
    ring_size[slot] = 0;
    return mix(h, (uint64_t)free_forgotten());
}

static uint64_t fork_kill_reap(int processes) {
    uint64_t h = 0;
    int remaining = processes, round = 0;
    while (remaining > 0) {
        int slot = round % RING;
        if (ring_size[slot] > 0) h = tear_down(slot, h);
        int n = remaining < SUBTREE ? remaining : SUBTREE;
        h = build(slot, n, h);
        ring_round[slot] = round;
        remaining -= n;
        round++;
    }
    for (int i = 0; i < RING; i++) {
        int slot = (round + i) % RING;
        if (ring_size[slot] > 0) h = tear_down(slot, h);
    }
    return mix(h, (uint64_t)round);
}

static uint64_t xorshift_loop(long iterations) {
    uint64_t x = 0x2545F4914F6CDD1DULL;
    for (long i = 0; i < iterations; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
    }
    return x;
}

static long long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int compare(const void *a, const void *b) {
    long long x = *(const long long *)a, y = *(const long long *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    long processes = argc > 1 ? strtol(argv[1], NULL, 10) : 1000000;
    if (processes < 1 || processes > 1000000000) {
        fprintf(stderr, "seedbench: bad process count '%s'\n", argv[1]);
        return 1;
    }
    init = proc_seed(NULL, 0);
    /* init holds a pipe: two handles every fork without SHAREHANDLE copies */
    if (proc_handle_init(init, HANDLE_PIPE, NULL) < 0 || proc_handle_init(init, HANDLE_PIPE, NULL) < 0) return 1;

    enum { RUNS = 3 };
    long long times[RUNS];
    uint64_t first = 0;
    for (int r = 0; r < RUNS; r++) {
        long long t0 = now_ns();
        uint64_t sum = fork_kill_reap((int)processes);
        times[r] = now_ns() - t0;
        if (r == 0) first = sum;
        printf("seedbench: fork-kill-reap run %d: %.1f ms, %.1f ns/cycle\n", r + 1, times[r] / 1e6, (double)times[r] / processes);
    }
    qsort(times, RUNS, sizeof times[0], compare);
    printf("seedbench: result fork-kill-reap processes=%ld runs=%d ns/cycle=%.1f checksum=%llx\n",
           processes, RUNS, (double)times[RUNS / 2] / processes, (unsigned long long)first);

    long iterations = 50000000;
    long long t0 = now_ns();
    uint64_t x = xorshift_loop(iterations);
    long long t = now_ns() - t0;
    printf("seedbench: result xorshift iterations=%ld ns/iter=%.3f value=%llx\n", iterations, (double)t / iterations, (unsigned long long)x);

    /* the baselines: only init is left, with its own page directory and its two handles */
    if (init->child || pagedirs_live != 1 || init->_handles[1]->refcount != 1 || init->_handles[2]->refcount != 1) {
        printf("seedbench: check failed: children %p, page directories %ld\n", (void *)init->child, pagedirs_live);
        return 1;
    }
    printf("seedbench: check ok\n");
    return 0;
}
