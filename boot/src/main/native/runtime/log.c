/*
 * TeaVM's console hooks (built with -DTEAVM_CUSTOM_LOG): System.out, System.err and runtime
 * messages arrive here as UTF-16 or wide strings and leave as UTF-8 through rt_console_write.
 */
#include <stdint.h>
#include <uchar.h>
#include <wchar.h>
#include "oolong/runtime.h"

static void put_codepoint(uint32_t c) {
    char b[4];
    size_t n;
    if (c < 0x80) { b[0] = (char)c; n = 1; }
    else if (c < 0x800) { b[0] = (char)(0xC0 | c >> 6); b[1] = (char)(0x80 | (c & 63)); n = 2; }
    else if (c < 0x10000) {
        b[0] = (char)(0xE0 | c >> 12); b[1] = (char)(0x80 | ((c >> 6) & 63)); b[2] = (char)(0x80 | (c & 63)); n = 3;
    } else {
        b[0] = (char)(0xF0 | c >> 18); b[1] = (char)(0x80 | ((c >> 12) & 63));
        b[2] = (char)(0x80 | ((c >> 6) & 63)); b[3] = (char)(0x80 | (c & 63)); n = 4;
    }
    rt_console_write(b, n);
}

void teavm_logCodePoint(int32_t c) { put_codepoint((uint32_t)c); }

void teavm_printString(char16_t *s) {
    while (*s) {
        uint32_t c = *s++;
        if ((c & 0xFC00) == 0xD800 && (*s & 0xFC00) == 0xDC00) c = (((c & 0x3FF) << 10) | (*s++ & 0x3FF)) + 0x10000;
        put_codepoint(c);
    }
}

void teavm_printWString(wchar_t *s) {
    while (*s) put_codepoint((uint32_t)*s++);
}

void teavm_printInt(int32_t i) {
    char b[12];
    int n = 0;
    uint32_t v = i < 0 ? (uint32_t)-(int64_t)i : (uint32_t)i;
    do { b[11 - n++] = (char)('0' + v % 10); v /= 10; } while (v);
    if (i < 0) b[11 - n++] = '-';
    rt_console_write(b + 12 - n, (size_t)n);
}
