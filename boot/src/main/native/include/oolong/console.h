/*
 * The kernel's last-resort console: polling writes to COM1 from C. Used before Java runs and
 * where Java cannot be trusted (CPU exception reports, runtime aborts). The Java kernel has
 * its own 16550 driver (oolong.kernel.dev.SerialPort) for everything else.
 */
#pragma once
#include <stddef.h>
#include <stdint.h>

void con_putc(int c);
void con_write(const char *s, size_t n);
void con_puts(const char *s);
void con_hex(uint64_t v);
void con_dec(uint64_t v);
