package oolong.repl.introspect;

import java.io.IOException;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import oolong.introspect.memory.MemoryAccessException;
import oolong.introspect.memory.PhysicalMemory;
import oolong.qmp.VirtualMachine;

/**
 * A live guest's physical memory through QMP ({@code pmemsave}): one round trip per read, so the
 * helpers read through a cache (oolong.introspect.memory.CachedMemory) while the machine is held
 * still. Reads beyond the guest's RAM are refused rather than answered with QEMU's filler bytes.
 */
final class LiveMemory implements PhysicalMemory {
    private final VirtualMachine vm;
    private final long ramBytes;

    /** RAM sizes of the machines seen (a machine's RAM does not change; asking QMP each time costs a round trip). */
    private static final Map<VirtualMachine, Long> RAM = Collections.synchronizedMap(new WeakHashMap<>());

    LiveMemory(VirtualMachine vm) {
        this.vm = vm;
        this.ramBytes = RAM.computeIfAbsent(vm, m -> m.qmp().call("query-memory-size-summary").path("base-memory").asLong());
    }

    @Override
    public void read(long address, byte[] dst, int offset, int length) {
        if (address < 0 || length < 0 || address + length > ramBytes) {
            throw new MemoryAccessException(address, String.format("0x%x..0x%x is outside the guest's %d MiB of RAM",
                    address, address + length, ramBytes >> 20));
        }
        try {
            byte[] b = vm.readPhysical(address, length);
            if (b.length != length) {
                throw new MemoryAccessException(address, "QEMU returned " + b.length + " of " + length + " bytes");
            }
            System.arraycopy(b, 0, dst, offset, length);
        } catch (IOException | RuntimeException e) {
            if (e instanceof MemoryAccessException m) {
                throw m;
            }
            throw new MemoryAccessException(address, String.format("cannot read 0x%x through QMP: %s", address,
                    e.getMessage()), e);
        }
    }
}
