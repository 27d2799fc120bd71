/*
 * The floor for boot benchmarks: a multiboot kernel that does nothing but print one byte on
 * COM1 and exit QEMU through isa-debug-exit. Oolong's boot time is judged against it.
 */
    .section .multiboot, "a"
    .align 4
    .long 0x1BADB002
    .long 0x00000003
    .long -(0x1BADB002 + 0x00000003)

    .text
    .code32
    .globl _start
_start:
    movw $0x3F8, %dx
    movb $'F', %al
    outb %al, %dx
    movb $'\n', %al
    outb %al, %dx
    movw $0xF4, %dx
    movb $0x10, %al
    outb %al, %dx
1:  hlt
    jmp 1b
