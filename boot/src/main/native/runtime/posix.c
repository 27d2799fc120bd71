/*
 * The few POSIX functions TeaVM's runtime calls that would make Linux system calls in musl:
 * the clock, and the signal and timer set-up of its event loop (Oolong's Java code never waits
 * on that loop, so these succeed and do nothing).
 */
#include <signal.h>
#include <stdint.h>
#include <time.h>
#include <sys/time.h>
#include "oolong/runtime.h"

int clock_gettime(clockid_t clock, struct timespec *ts) {
    uint64_t ns = rt_clock_ns();
    uint64_t sec = ns / 1000000000u;
    if (clock == CLOCK_REALTIME) sec += rt_boot_epoch_seconds();
    ts->tv_sec = (time_t)sec;
    ts->tv_nsec = (long)(ns % 1000000000u);
    return 0;
}

int gettimeofday(struct timeval *tv, void *tz) {
    (void)tz;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    tv->tv_sec = ts.tv_sec;
    tv->tv_usec = ts.tv_nsec / 1000;
    return 0;
}

time_t time(time_t *t) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    if (t) *t = ts.tv_sec;
    return ts.tv_sec;
}

int sigaction(int sig, const struct sigaction *act, struct sigaction *old) { (void)sig; (void)act; (void)old; return 0; }
int sigprocmask(int how, const sigset_t *set, sigset_t *old) { (void)how; (void)set; (void)old; return 0; }
int timer_create(clockid_t c, struct sigevent *e, timer_t *t) { (void)c; (void)e; *t = 0; return 0; }
int timer_settime(timer_t t, int f, const struct itimerspec *n, struct itimerspec *o) {
    (void)t; (void)f; (void)n; (void)o;
    return 0;
}
int sigwaitinfo(const sigset_t *s, siginfo_t *i) {
    (void)s; (void)i;
    rt_fatal("the TeaVM event loop tried to wait; Oolong never blocks there");
}
int raise(int sig) { (void)sig; rt_fatal("raise() called"); }
_Noreturn void abort(void) { rt_fatal("abort() called"); }
