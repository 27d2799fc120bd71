package oolong.introspect.elf;

/**
 * One program header. In QEMU's core dumps each PT_LOAD segment is a range of guest RAM:
 * {@code physicalAddress} is where it is in the guest, {@code offset} where its bytes are in the file.
 */
public record ElfSegment(int type, int flags, long offset, long virtualAddress, long physicalAddress, long fileSize,
                         long memorySize) {
}
