/* Polling COM1 output for C code (see include/oolong/console.h). */
#include "oolong/console.h"
#include "oolong/io.h"

#define COM1 0x3F8

void con_putc(int c) {
    for (int spins = 0; !(inb(COM1 + 5) & 0x20) && spins < 1000000; spins++) { }
    outb(COM1, (uint8_t)c);
}

void con_write(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n') con_putc('\r');
        con_putc(s[i]);
    }
}

void con_puts(const char *s) {
    while (*s) {
        if (*s == '\n') con_putc('\r');
        con_putc(*s++);
    }
}

void con_hex(uint64_t v) {
    con_puts("0x");
    for (int i = 60; i >= 0; i -= 4) con_putc("0123456789abcdef"[(v >> i) & 15]);
}

void con_dec(uint64_t v) {
    char b[24];
    int n = 0;
    do { b[n++] = (char)('0' + v % 10); v /= 10; } while (v);
    while (n) con_putc(b[--n]);
}
