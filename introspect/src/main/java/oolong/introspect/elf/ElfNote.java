package oolong.introspect.elf;

/** One note of a PT_NOTE segment: in a core dump, "CORE" NT_PRSTATUS and QEMU's "QEMU" CPU state. */
public record ElfNote(String name, int type, byte[] descriptor) {
}
