/*
 * Segments, the task-state segment, interrupt routing and the timer, for running user processes.
 * Called once from Java (Cpu.initUserMode) after the runtime is up.
 */
#include <stdint.h>
#include "oolong/console.h"
#include "oolong/cpu.h"
#include "oolong/io.h"

/* ------------------------------------------------------------------ GDT and TSS */

struct tss64 {
    uint32_t reserved0;
    uint64_t rsp[3];
    uint64_t reserved1;
    uint64_t ist[7];
    uint64_t reserved2;
    uint16_t reserved3, iomap_base;
} __attribute__((packed));

static struct tss64 tss;
static uint64_t gdt[7];

/* Stacks for traps: from ring 3 (TSS.RSP0), double faults (IST1) and NMIs (IST2). */
static uint8_t trap_stack[16384] __attribute__((aligned(16)));
static uint8_t double_fault_stack[8192] __attribute__((aligned(16)));
static uint8_t nmi_stack[8192] __attribute__((aligned(16)));

extern void k_syscall_entry(void);
void k_idt_set_gate(int vector, uint64_t handler, int ist, int dpl);
extern const uint64_t k_irq_entries[16];

static void load_gdt(void) {
    gdt[0] = 0;
    gdt[GDT_KERNEL_CODE / 8] = 0x00AF9A000000FFFFull;   /* 64-bit code, DPL 0 */
    gdt[GDT_KERNEL_DATA / 8] = 0x00CF92000000FFFFull;   /* data, DPL 0 */
    gdt[GDT_USER_DATA / 8]   = 0x00CFF2000000FFFFull;   /* data, DPL 3 */
    gdt[GDT_USER_CODE / 8]   = 0x00AFFA000000FFFFull;   /* 64-bit code, DPL 3 */
    uint64_t base = (uint64_t)&tss, limit = sizeof tss - 1;
    gdt[GDT_TSS / 8] = (limit & 0xFFFF) | ((base & 0xFFFFFF) << 16) | (0x89ull << 40)
                       | (((limit >> 16) & 0xF) << 48) | (((base >> 24) & 0xFF) << 56);
    gdt[GDT_TSS / 8 + 1] = base >> 32;
    struct { uint16_t limit; uint64_t base; } __attribute__((packed)) d = { sizeof gdt - 1, (uint64_t)gdt };
    __asm__ volatile(
        "lgdt %0\n\t"
        "pushq %1\n\t"                    /* reload CS with a far return */
        "leaq 1f(%%rip), %%rax\n\t"
        "pushq %%rax\n\t"
        "lretq\n"
        "1:\n\t"
        "movw %w2, %%ax\n\t"
        "movw %%ax, %%ds\n\t"
        "movw %%ax, %%es\n\t"
        "movw %%ax, %%ss\n\t"
        "ltr %w3"
        :: "m"(d), "i"((uint64_t)GDT_KERNEL_CODE), "r"(GDT_KERNEL_DATA), "r"(GDT_TSS) : "rax", "memory");
}

/* ------------------------------------------------------------------ 8259 PICs and the PIT */

#define PIC1 0x20
#define PIC2 0xA0

static uint16_t irq_mask = 0xFFFF & ~(1u << 2);   /* everything masked but the cascade */

static void pic_apply_mask(void) {
    outb(PIC1 + 1, (uint8_t)irq_mask);
    outb(PIC2 + 1, (uint8_t)(irq_mask >> 8));
}

static void pic_remap(void) {
    outb(PIC1, 0x11); outb(PIC2, 0x11);                       /* ICW1: init, ICW4 follows */
    outb(PIC1 + 1, IRQ_BASE_VECTOR); outb(PIC2 + 1, IRQ_BASE_VECTOR + 8);
    outb(PIC1 + 1, 4); outb(PIC2 + 1, 2);                     /* cascade on IRQ2 */
    outb(PIC1 + 1, 1); outb(PIC2 + 1, 1);                     /* 8086 mode */
    pic_apply_mask();
}

void k_irq_unmask(int32_t irq) {
    if (irq < 0 || irq > 15) return;
    irq_mask &= (uint16_t)~(1u << irq);
    pic_apply_mask();
}

void k_irq_mask(int32_t irq) {
    if (irq < 0 || irq > 15 || irq == 2) return;
    irq_mask |= (uint16_t)(1u << irq);
    pic_apply_mask();
}

static uint32_t timer_hz;

/* PIT channel 0, mode 2 (rate generator): one IRQ0 every 1/hz seconds. */
void k_timer_start(int32_t hz) {
    if (hz < 19) hz = 19;                                     /* the 16-bit divisor's limit */
    if (hz > 10000) hz = 10000;
    uint32_t divisor = (1193182 + hz / 2) / (uint32_t)hz;
    timer_hz = (uint32_t)hz;
    outb(0x43, 0x34);
    outb(0x40, (uint8_t)divisor);
    outb(0x40, (uint8_t)(divisor >> 8));
    k_irq_unmask(0);
}

int32_t k_timer_hz(void) { return (int32_t)timer_hz; }

/* ------------------------------------------------------------------ interrupt bookkeeping */

static volatile uint32_t pending_irqs;
static volatile uint64_t timer_ticks, irq_counts[16];

/*
 * Called for every hardware interrupt, from user or kernel mode: acknowledge and record.
 * Every line but the timer's is masked until its Java handler has run (KernelLoop unmasks it):
 * PCI lines are level-triggered and stay asserted until the driver talks to the device, so
 * without the mask the interrupt would fire again the moment it is acknowledged.
 */
int k_irq_ack(int vector) {
    int irq = vector - IRQ_BASE_VECTOR;
    if (irq == 7 || irq == 15) {                              /* spurious? check the in-service register */
        uint16_t pic = irq == 7 ? PIC1 : PIC2;
        outb(pic, 0x0B);
        if (!(inb(pic) & 0x80)) {
            if (irq == 15) outb(PIC1, 0x20);
            return 0;
        }
    }
    if (irq != 0) {
        irq_mask |= (uint16_t)(1u << irq);
        pic_apply_mask();
    }
    if (irq >= 8) outb(PIC2, 0x20);
    outb(PIC1, 0x20);
    if (irq == 0) timer_ticks++;
    irq_counts[irq]++;
    pending_irqs |= 1u << irq;
    return 1;
}

int32_t k_pending_irqs(void) { return (int32_t)pending_irqs; }

int32_t k_take_pending_irqs(void) {
    uint32_t p = pending_irqs;
    pending_irqs = 0;
    return (int32_t)p;
}

int64_t k_timer_ticks(void) { return (int64_t)timer_ticks; }
int64_t k_irq_count(int32_t irq) { return irq >= 0 && irq < 16 ? (int64_t)irq_counts[irq] : 0; }

/* Waits for the next interrupt with interrupts enabled only while halted. */
void k_idle(void) {
    __asm__ volatile("sti; hlt; cli" ::: "memory");
}

/* ------------------------------------------------------------------ set-up */

void k_cpu_init(void) {
    tss.rsp[0] = (uint64_t)(trap_stack + sizeof trap_stack);
    tss.ist[0] = (uint64_t)(double_fault_stack + sizeof double_fault_stack);
    tss.ist[1] = (uint64_t)(nmi_stack + sizeof nmi_stack);
    tss.iomap_base = sizeof tss;                               /* no I/O permission bitmap: ring 3 gets no ports */
    load_gdt();
    k_idt_set_gate(8, 0, 1, 0);                                /* #DF on IST1 (handler kept) */
    k_idt_set_gate(2, 0, 2, 0);                                /* NMI on IST2 */
    for (int i = 0; i < 16; i++) k_idt_set_gate(IRQ_BASE_VECTOR + i, k_irq_entries[i], 0, 0);
    pic_remap();
    /* SYSCALL: kernel CS/SS from STAR[47:32]; SYSRET bases at STAR[63:48] (we return with iretq) */
    wrmsr(0xC0000081, ((uint64_t)(GDT_USER_DATA - 8) << 48) | ((uint64_t)GDT_KERNEL_CODE << 32));
    wrmsr(0xC0000082, (uint64_t)k_syscall_entry);
    wrmsr(0xC0000084, 0x47700);                                /* FMASK: IF, DF, TF, AC, NT, IOPL cleared */
}
