/*
 * Oolong boot stub: multiboot v1 header, 32-bit entry, switch to 64-bit long mode, call kmain.
 *
 * QEMU's -kernel loader (and GRUB) enter _start in 32-bit protected mode with paging off,
 * EAX = multiboot magic, EBX = physical address of the multiboot information structure.
 * We build page tables that identity-map the first 1 GiB with 2 MiB pages (the kernel lives
 * there; user space starts at 1 GiB, see docs/architecture.md), except that the first 2 MiB
 * use 4 KiB pages with page 0 left unmapped so that a null dereference faults.
 */
#define MB_MAGIC 0x1BADB002
#define MB_FLAGS 0x00000003          /* 4 KiB-aligned modules, memory information */

#define KERNEL_CS 0x08
#define KERNEL_DS 0x10

    .section .multiboot, "a"
    .align 4
    .long MB_MAGIC
    .long MB_FLAGS
    .long -(MB_MAGIC + MB_FLAGS)

    .section .boot.bss, "aw", @nobits
    .align 4096
    .globl k_boot_pml4
k_boot_pml4: .skip 4096
boot_pdpt:   .skip 4096
boot_pd:     .skip 4096              /* 512 x 2 MiB = the first 1 GiB */
boot_pt0:    .skip 4096              /* the first 2 MiB in 4 KiB pages */
    .globl k_boot_stack_top
boot_stack:  .skip 4 * 1024 * 1024   /* Java code recurses; 4 MiB keeps deep recursion safe */
k_boot_stack_top:

    .section .boot.data, "aw"
    .align 16
boot_gdt:
    .quad 0
    .quad 0x00AF9A000000FFFF         /* 0x08: 64-bit code, ring 0 */
    .quad 0x00CF92000000FFFF         /* 0x10: data, ring 0 */
boot_gdt_end:
boot_gdt_ptr:
    .word boot_gdt_end - boot_gdt - 1
    .quad boot_gdt
boot_magic: .long 0
boot_info:  .long 0

    .section .boot.text, "ax"
    .code32
    .globl _start
_start:
    cli
    cld
    movl %eax, boot_magic
    movl %ebx, boot_info

    /* zero .bss, then the page tables (the stack need not be zeroed) */
    movl $__bss_start, %edi
    movl $__bss_end, %ecx
    subl %edi, %ecx
    xorl %eax, %eax
    rep stosb
    movl $k_boot_pml4, %edi
    movl $(4 * 4096 / 4), %ecx
    rep stosl

    /* PML4[0] -> PDPT, PDPT[0] -> PD (present | writable) */
    movl $boot_pdpt, %eax
    orl $3, %eax
    movl %eax, k_boot_pml4
    movl $boot_pd, %eax
    orl $3, %eax
    movl %eax, boot_pdpt

    /* PD[1..511]: 2 MiB pages (present | writable | PS) */
    movl $1, %ecx
1:  movl %ecx, %eax
    shll $21, %eax
    orl $0x83, %eax
    movl %eax, boot_pd(,%ecx,8)
    incl %ecx
    cmpl $512, %ecx
    jne 1b

    /* PD[0] -> PT0; PT0[1..511]: 4 KiB pages, PT0[0] stays not present */
    movl $boot_pt0, %eax
    orl $3, %eax
    movl %eax, boot_pd
    movl $1, %ecx
2:  movl %ecx, %eax
    shll $12, %eax
    orl $3, %eax
    movl %eax, boot_pt0(,%ecx,8)
    incl %ecx
    cmpl $512, %ecx
    jne 2b

    /* CR4: PAE (5) | OSFXSR (9) | OSXMMEXCPT (10): SSE is used by gcc's code */
    movl %cr4, %eax
    orl $((1 << 5) | (1 << 9) | (1 << 10)), %eax
    movl %eax, %cr4
    movl $k_boot_pml4, %eax
    movl %eax, %cr3

    /* EFER: LME (8) | SCE (0) | NXE (11) */
    movl $0xC0000080, %ecx
    rdmsr
    orl $((1 << 8) | (1 << 0) | (1 << 11)), %eax
    wrmsr

    /* CR0: PG (31) | WP (16) | MP (1) | PE (0); EM (2) off so that x87/SSE work */
    movl %cr0, %eax
    andl $~(1 << 2), %eax
    orl $((1 << 31) | (1 << 16) | (1 << 1) | 1), %eax
    movl %eax, %cr0

    lgdt boot_gdt_ptr
    ljmp $KERNEL_CS, $long_mode

    .code64
long_mode:
    movw $KERNEL_DS, %ax
    movw %ax, %ds
    movw %ax, %es
    movw %ax, %ss
    xorl %eax, %eax
    movw %ax, %fs
    movw %ax, %gs
    movabsq $k_boot_stack_top, %rsp
    xorl %ebp, %ebp
    fninit
    movl boot_magic, %edi
    movl boot_info, %esi
    call kmain
3:  cli
    hlt
    jmp 3b

    .section .note.GNU-stack, "", @progbits
