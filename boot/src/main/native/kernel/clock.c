/*
 * Time for the kernel: the TSC, calibrated once against the PIT, gives a monotonic nanosecond
 * clock; the CMOS real-time clock, read once at boot, anchors it to wall-clock time.
 */
#include <stdint.h>
#include "oolong/io.h"
#include "oolong/runtime.h"

static uint64_t tsc_hz = 1000000000u, tsc_at_boot, epoch_at_boot;

/*
 * PIT channel 2 in one-shot mode counts 5966 ticks of 1.193182 MHz = 5 ms; the TSC advances by
 * tsc_hz / 200 meanwhile. Under TCG the guest can lose the CPU at any moment (a busy host does not
 * run QEMU for a while), and a stall between the two TSC reads makes the interval look longer,
 * never shorter: one such run once made the clock 35 times too slow. So the shortest of several
 * runs is the one to believe.
 */
#define CALIBRATION_TICKS 5966u
#define CALIBRATION_RUNS 5

static uint64_t pit_interval_tsc(void) {
    outb(0x61, (uint8_t)((inb(0x61) & ~0x02) | 0x01));     /* gate on, speaker off */
    outb(0x43, 0xB0);                                     /* channel 2, lobyte/hibyte, mode 0 */
    outb(0x42, CALIBRATION_TICKS & 0xFF);
    outb(0x42, CALIBRATION_TICKS >> 8);
    uint64_t t0 = rdtsc();
    while (!(inb(0x61) & 0x20)) { }
    uint64_t t1 = rdtsc();
    return t1 > t0 ? t1 - t0 : 0;
}

static void calibrate_tsc(void) {
    uint64_t best = 0;
    for (int i = 0; i < CALIBRATION_RUNS; i++) {
        uint64_t d = pit_interval_tsc();
        if (d > 0 && (best == 0 || d < best)) best = d;
    }
    if (best > 0) tsc_hz = best * 1193182u / CALIBRATION_TICKS;
}

static uint8_t cmos(uint8_t reg) {
    outb(0x70, reg);
    return inb(0x71);
}

static int from_bcd(uint8_t v, int bcd) { return bcd ? (v & 15) + (v >> 4) * 10 : v; }

/* Days from 1970-01-01 to the given civil date (proleptic Gregorian). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static void read_rtc(void) {
    while (cmos(0x0A) & 0x80) { }                         /* wait while an update is in progress */
    uint8_t sec = cmos(0x00), min = cmos(0x02), hour = cmos(0x04);
    uint8_t day = cmos(0x07), mon = cmos(0x08), year = cmos(0x09), century = cmos(0x32);
    uint8_t status_b = cmos(0x0B);
    int bcd = !(status_b & 0x04);
    int pm = hour & 0x80;
    int h = from_bcd(hour & 0x7F, bcd);
    if (!(status_b & 0x02) && pm) h = (h % 12) + 12;      /* 12-hour mode */
    int64_t y = from_bcd(year, bcd) + (century ? from_bcd(century, bcd) * 100 : 2000);
    int64_t days = days_from_civil(y, (unsigned)from_bcd(mon, bcd), (unsigned)from_bcd(day, bcd));
    epoch_at_boot = (uint64_t)(days * 86400 + h * 3600 + from_bcd(min, bcd) * 60 + from_bcd(sec, bcd));
}

void k_clock_init(void) {
    tsc_at_boot = rdtsc();
    calibrate_tsc();
    read_rtc();
}

uint64_t rt_clock_ns(void) {
    uint64_t d = rdtsc() - tsc_at_boot;
    return d / tsc_hz * 1000000000u + (d % tsc_hz) * 1000000000u / tsc_hz;
}

uint64_t rt_boot_epoch_seconds(void) { return epoch_at_boot; }

int64_t k_rdtsc(void) { return (int64_t)rdtsc(); }
int64_t k_tsc_hz(void) { return (int64_t)tsc_hz; }
int64_t k_clock_ns(void) { return (int64_t)rt_clock_ns(); }
int64_t k_boot_epoch_seconds(void) { return (int64_t)epoch_at_boot; }
