package oolong.introspect.elf;

/** One section header: where its bytes are in the file and where they are loaded. */
public record ElfSection(int index, String name, int type, long flags, long address, long offset, long size, int link,
                         int info) {
    /** SHF_EXECINSTR: the section holds code. */
    public boolean executable() {
        return (flags & 0x4) != 0;
    }

    /** SHF_ALLOC: the section occupies memory when the image is loaded. */
    public boolean allocated() {
        return (flags & 0x2) != 0;
    }
}
