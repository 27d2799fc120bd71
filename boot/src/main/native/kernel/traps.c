/*
 * The interrupt descriptor table and the report for CPU exceptions taken in the kernel.
 * A kernel-mode exception is a kernel bug: print everything useful on the serial console and
 * end the run with OOLONG_EXIT_CPU_EXCEPTION, so that a test or a developer sees exactly where.
 */
#include <stdint.h>
#include "oolong/console.h"
#include "oolong/exit.h"
#include "oolong/io.h"
#include "oolong/trap.h"

struct idt_entry {
    uint16_t offset0, selector;
    uint8_t ist, type;
    uint16_t offset1;
    uint32_t offset2, zero;
} __attribute__((packed));

static struct idt_entry idt[256];
extern const uint64_t k_trap_entries[32];

static const char *const names[32] = {
    "#DE divide error", "#DB debug", "NMI", "#BP breakpoint", "#OF overflow", "#BR bound range",
    "#UD invalid opcode", "#NM device not available", "#DF double fault", "coprocessor overrun",
    "#TS invalid TSS", "#NP segment not present", "#SS stack fault", "#GP general protection",
    "#PF page fault", "reserved", "#MF x87 error", "#AC alignment check", "#MC machine check",
    "#XM SIMD error", "#VE virtualization", "#CP control protection", "reserved", "reserved",
    "reserved", "reserved", "reserved", "reserved", "#HV hypervisor injection", "#VC VMM communication",
    "#SX security", "reserved",
};

static void set_gate(int vector, uint64_t handler, int type) {
    idt[vector] = (struct idt_entry){
        .offset0 = (uint16_t)handler, .selector = 0x08, .ist = 0, .type = (uint8_t)type,
        .offset1 = (uint16_t)(handler >> 16), .offset2 = (uint32_t)(handler >> 32), .zero = 0,
    };
}

void k_idt_init(void) {
    for (int v = 0; v < 32; v++) set_gate(v, k_trap_entries[v], 0x8E);   /* present, ring 0, interrupt gate */
    struct { uint16_t limit; uint64_t base; } __attribute__((packed)) d = { sizeof idt - 1, (uint64_t)idt };
    __asm__ volatile("lidt %0" :: "m"(d));
}

static void reg(const char *name, uint64_t v) {
    con_puts(name);
    con_hex(v);
}

/* Only dereference a stack pointer that lies in identity-mapped RAM (not page 0). */
static int readable(uint64_t addr) { return addr >= 0x1000 && addr < 0x40000000 && (addr & 7) == 0; }

void k_trap(struct trap_frame *f) {
    uint64_t v = f->vector;
    con_puts("\n*** CPU EXCEPTION in kernel: vector ");
    con_dec(v);
    con_puts(" (");
    con_puts(v < 32 ? names[v] : "interrupt");
    con_puts(")\n");
    reg("    error=", f->error); reg(" rip=", f->rip); reg(" cs=", f->cs); reg(" rflags=", f->rflags);
    reg("\n    rsp=", f->rsp); reg(" ss=", f->ss); reg(" cr2=", READ_CR(2)); reg(" cr3=", READ_CR(3));
    reg("\n    rax=", f->rax); reg(" rbx=", f->rbx); reg(" rcx=", f->rcx); reg(" rdx=", f->rdx);
    reg("\n    rsi=", f->rsi); reg(" rdi=", f->rdi); reg(" rbp=", f->rbp); reg(" r8=", f->r8);
    reg("\n    r9=", f->r9); reg(" r10=", f->r10); reg(" r11=", f->r11); reg(" r12=", f->r12);
    reg("\n    r13=", f->r13); reg(" r14=", f->r14); reg(" r15=", f->r15);
    con_puts("\n    stack:");
    for (int i = 0; i < 8; i++) {
        uint64_t a = f->rsp + 8 * (uint64_t)i;
        if (!readable(a)) break;
        con_putc(' ');
        con_hex(*(uint64_t *)a);
    }
    con_puts("\n*** end of report (exit status ");
    con_dec(OOLONG_EXIT_CPU_EXCEPTION * 2 + 1);
    con_puts(")\n");
    k_exit(OOLONG_EXIT_CPU_EXCEPTION);
}

_Noreturn void k_exit(int code) {
    outb(OOLONG_EXIT_PORT, (uint8_t)code);
    for (;;) __asm__ volatile("cli; hlt");
}
