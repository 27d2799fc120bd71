/*
 * kbench's workloads for Linux: the anchor of scripts/bench-linux, which runs this program as a
 * static executable in a busybox initramfs in the same QEMU (TCG, one vCPU, 256 MiB) as Oolong's
 * kbench. Same operations, same iteration counts, same output lines ("kbench NAME: N ns/op (COUNT
 * ops, M ms)"), so the script pairs the rows by name.
 *
 *   kbench-linux [SCALE]   run every measure (SCALE multiplies the counts, like kbench's)
 *   kbench-linux exit      exit at once: the program the spawn measure executes
 *
 * Each measure runs a tenth of its count first as a warm-up, as kbench does.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *self;

static long long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void die(const char *what) {
    perror(what);
    exit(1);
}

static void await_child(void) {
    int status;
    if (wait(&status) < 0) die("wait");
}

/* The null system call: getpid through syscall(2), so no C library can answer it from a cache. */
static void syscalls(int n) {
    for (int i = 0; i < n; i++) syscall(SYS_getpid);
}

/* One byte there and back between two processes over two pipes: two switches a round trip. */
static void pipe_round_trips(int n) {
    int there[2], back[2];
    char b = 0;
    if (pipe(there) || pipe(back)) die("pipe");
    pid_t pid = fork();
    if (pid < 0) die("fork");
    if (pid == 0) {
        for (int i = 0; i < n; i++) {
            if (read(there[0], &b, 1) != 1 || write(back[1], &b, 1) != 1) _exit(1);
        }
        _exit(0);
    }
    for (int i = 0; i < n; i++) {
        if (write(there[1], &b, 1) != 1 || read(back[0], &b, 1) != 1) die("pipe round trip");
    }
    await_child();
    close(there[0]); close(there[1]); close(back[0]); close(back[1]);
}

/* Two processes yield to each other n/2 times each (on one CPU, every yield is a switch). */
static void yield_ping_pong(int n) {
    pid_t pid = fork();
    if (pid < 0) die("fork");
    for (int i = 0; i < n / 2; i++) sched_yield();
    if (pid == 0) _exit(0);
    await_child();
}

static void forks(int n) {
    for (int i = 0; i < n; i++) {
        pid_t pid = fork();
        if (pid < 0) die("fork");
        if (pid == 0) _exit(0);
        await_child();
    }
}

/* fork + exit + await with `pages` private pages written first: the cost of copying the mappings. */
static int touched_pages;
static void forks_touched(int n) {
    size_t len = (size_t)touched_pages * 4096;
    char *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED) die("mmap");
    for (size_t off = 0; off < len; off += 4096) m[off] = 1;
    forks(n);
    munmap(m, len);
}

/* Oolong's spawn starts a program of its user image; here: fork, execve of this file, wait. */
static void spawns(int n) {
    for (int i = 0; i < n; i++) {
        pid_t pid = fork();
        if (pid < 0) die("fork");
        if (pid == 0) {
            char *argv[] = {(char *)self, "exit", NULL};
            char *envp[] = {NULL};
            execve(self, argv, envp);
            _exit(127);
        }
        int status;
        if (wait(&status) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            fprintf(stderr, "kbench-linux: the spawned program failed (status %d)\n", status);
            exit(1);
        }
    }
}

static void report(const char *name, int n, void (*body)(int)) {
    body(n / 10 > 0 ? n / 10 : 1);
    long long t0 = now_ns();
    body(n);
    long long ns = now_ns() - t0;
    printf("kbench %s: %lld ns/op (%d ops, %lld ms)\n", name, ns / n, n, ns / 1000000);
    fflush(stdout);
}

int main(int argc, char **argv) {
    self = argv[0];
    if (argc > 1 && strcmp(argv[1], "exit") == 0) return 0;
    int scale = argc > 1 ? atoi(argv[1]) : 1;
    if (scale < 1) scale = 1;
    printf("kbench: pid %d, scale %d\n", (int)getpid(), scale);
    report("syscall (getpid)", 20000 * scale, syscalls);
    report("pipe round trip (2 switches)", 2000 * scale, pipe_round_trips);
    report("context switch (yield ping-pong)", 5000 * scale, yield_ping_pong);
    report("fork + exit + await", 200 * scale, forks);
    touched_pages = 64;
    report("fork + exit + await, 64 pages touched", 200 * scale, forks_touched);
    touched_pages = 1024;
    report("fork + exit + await, 1024 pages touched", 100 * scale, forks_touched);
    report("spawn + exit + await", 20 * scale, spawns);
    return 0;
}
