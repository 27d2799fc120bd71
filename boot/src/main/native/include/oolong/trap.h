/* The register frame built by the trap entry stubs in kernel/traps.S (lowest address first). */
#pragma once
#include <stdint.h>

struct trap_frame {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t vector, error;
    uint64_t rip, cs, rflags, rsp, ss;          /* pushed by the CPU */
};

void k_trap(struct trap_frame *frame);
void k_idt_init(void);
