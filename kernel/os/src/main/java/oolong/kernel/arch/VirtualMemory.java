package oolong.kernel.arch;

import org.teavm.interop.Address;

/**
 * Loads and stores at virtual addresses, through whatever page tables CR3 holds now: how the
 * in-guest memory test checks, as the CPU sees them, the mappings the memory manager made.
 * Kernel code reaches user memory only through an address space's checked copies.
 */
public final class VirtualMemory {
    private VirtualMemory() {
    }

    public static long getLong(long virtualAddress) {
        return Address.fromLong(virtualAddress).getLong();
    }

    public static void putLong(long virtualAddress, long value) {
        Address.fromLong(virtualAddress).putLong(value);
    }

    public static byte getByte(long virtualAddress) {
        return Address.fromLong(virtualAddress).getByte();
    }
}
