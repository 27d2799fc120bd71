/*
 * The interrupt descriptor table and the report for CPU exceptions taken in the kernel.
 * A kernel-mode exception is a kernel bug: print everything useful on the serial console and
 * end the run with OOLONG_EXIT_CPU_EXCEPTION, so that a test or a developer sees exactly where.
 */
#include <stdint.h>
#include "oolong/console.h"
#include "oolong/cpu.h"
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

/* Installs an interrupt gate; handler 0 keeps the current handler (to change only the IST or DPL). */
void k_idt_set_gate(int vector, uint64_t handler, int ist, int dpl) {
    if (handler == 0) {
        struct idt_entry *e = &idt[vector];
        handler = e->offset0 | ((uint64_t)e->offset1 << 16) | ((uint64_t)e->offset2 << 32);
    }
    idt[vector] = (struct idt_entry){
        .offset0 = (uint16_t)handler, .selector = GDT_KERNEL_CODE, .ist = (uint8_t)ist,
        .type = (uint8_t)(0x8E | (dpl << 5)), .offset1 = (uint16_t)(handler >> 16),
        .offset2 = (uint32_t)(handler >> 32), .zero = 0,
    };
}

void k_idt_init(void) {
    for (int v = 0; v < 32; v++) k_idt_set_gate(v, k_trap_entries[v], 0, 0);
    struct { uint16_t limit; uint64_t base; } __attribute__((packed)) d = { sizeof idt - 1, (uint64_t)idt };
    __asm__ volatile("lidt %0" :: "m"(d));
}

extern int32_t k_current_pid;
_Noreturn void k_panic_exit(int32_t code);

static void reg(const char *name, uint64_t v) {
    con_puts(name);
    con_hex(v);
}

/* Only dereference a stack pointer that lies in identity-mapped RAM (not page 0). */
static int readable(uint64_t addr) { return addr >= 0x1000 && addr < 0x40000000 && (addr & 7) == 0; }

extern struct user_context *k_current_context;
extern char k_iret_to_user[];
int k_irq_ack(int vector);
_Noreturn void k_resume_kernel_with(int event);

static void save_user_state(struct user_context *c, struct trap_frame *f) {
    c->rax = f->rax; c->rbx = f->rbx; c->rcx = f->rcx; c->rdx = f->rdx;
    c->rsi = f->rsi; c->rdi = f->rdi; c->rbp = f->rbp; c->r8 = f->r8;
    c->r9 = f->r9; c->r10 = f->r10; c->r11 = f->r11; c->r12 = f->r12;
    c->r13 = f->r13; c->r14 = f->r14; c->r15 = f->r15;
    c->rip = f->rip; c->rsp = f->rsp; c->rflags = f->rflags;
    c->vector = f->vector; c->error = f->error;
}

/* A trap taken in ring 3 (traps.S from_user): record it in the process's context. */
int k_user_trap(struct trap_frame *f) {
    struct user_context *c = k_current_context;
    save_user_state(c, f);
    if (f->vector >= IRQ_BASE_VECTOR && f->vector < IRQ_BASE_VECTOR + 16) {
        k_irq_ack((int)f->vector);
        c->event = EVENT_IRQ;
    } else if (f->vector == 2) {
        con_puts("\n*** NMI while a user process ran (rip ");
        con_hex(f->rip);
        con_puts(")\n");
        c->event = EVENT_IRQ;
    } else {
        c->cr2 = READ_CR(2);
        c->event = EVENT_FAULT;
    }
    return (int)c->event;
}

void k_trap(struct trap_frame *f) {
    uint64_t v = f->vector;
    if (v >= IRQ_BASE_VECTOR && v < IRQ_BASE_VECTOR + 16) {    /* an interrupt while the kernel idles */
        k_irq_ack((int)v);
        f->rflags &= ~0x200ull;      /* resume k_idle with interrupts off: one interrupt per halt */
        return;
    }
    if (v == 2) {
        con_puts("\n*** NMI in the kernel at rip ");
        con_hex(f->rip);
        con_puts("; continuing\n");
        return;
    }
    if (f->rip == (uint64_t)k_iret_to_user && k_current_context) {
        /* iretq refused the user context (e.g. a non-canonical rip): the process's fault, not ours */
        struct user_context *c = k_current_context;
        c->vector = v;
        c->error = f->error;
        c->cr2 = 0;
        c->event = EVENT_FAULT;
        k_resume_kernel_with(EVENT_FAULT);
    }
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
    if (k_current_pid) {
        con_puts("\n    current process: pid ");
        con_dec((uint64_t)k_current_pid);
    }
    con_puts("\n*** end of report (exit status ");
    con_dec(OOLONG_EXIT_CPU_EXCEPTION * 2 + 1);
    con_puts(")\n");
    k_panic_exit(OOLONG_EXIT_CPU_EXCEPTION);
}

int32_t k_current_pid;

void k_set_current_pid(int32_t pid) { k_current_pid = pid; }

/* A panic: tell QEMU through the pvpanic device (the REPL sees GUEST_PANICKED), then end the run. */
_Noreturn void k_panic_exit(int32_t code) {
    outb(0x505, 1);
    k_exit(code);
}

_Noreturn void k_exit(int code) {
    outb(OOLONG_EXIT_PORT, (uint8_t)code);
    for (;;) __asm__ volatile("cli; hlt");
}
