package oolong.campaign.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import oolong.kernel.mem.AddressSpace;
import oolong.kernel.mem.Fault;
import oolong.kernel.mem.Mapping;
import oolong.kernel.mem.MemStatus;
import oolong.kernel.mem.Region;

/**
 * A host model process's memory: sparse pages that exist once written, zero elsewhere. Enough for
 * what the process model does with memory (pipe transfers between buffers, the interrupt record on
 * the stack); every access succeeds, because the host model stands for a puppet whose buffers are
 * always valid. Fork copies every page.
 */
final class ModelMemory implements AddressSpace {
    private static final int PAGE = 4096;
    private final Map<Long, byte[]> pages = new HashMap<>();

    private byte[] page(long address, boolean create) {
        long number = address >>> 12;
        byte[] p = pages.get(number);
        if (p == null && create) {
            p = new byte[PAGE];
            pages.put(number, p);
        }
        return p;
    }

    @Override
    public int read(long address, byte[] dst, int offset, int length) {
        for (int i = 0; i < length; i++) {
            byte[] p = page(address + i, false);
            dst[offset + i] = p == null ? 0 : p[(int) ((address + i) & (PAGE - 1))];
        }
        return MemStatus.OK;
    }

    @Override
    public int write(long address, byte[] src, int offset, int length) {
        for (int i = 0; i < length; i++) {
            page(address + i, true)[(int) ((address + i) & (PAGE - 1))] = src[offset + i];
        }
        return MemStatus.OK;
    }

    @Override
    public int readLong(long address, long[] out) {
        byte[] b = new byte[8];
        read(address, b, 0, 8);
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[i] & 0xFF);
        }
        out[0] = v;
        return MemStatus.OK;
    }

    @Override
    public int writeLong(long address, long value) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (value >>> (8 * i));
        }
        return write(address, b, 0, 8);
    }

    @Override
    public AddressSpace fork() {
        ModelMemory copy = new ModelMemory();
        for (Map.Entry<Long, byte[]> e : pages.entrySet()) {
            copy.pages.put(e.getKey(), e.getValue().clone());
        }
        return copy;
    }

    @Override
    public void free() {
        pages.clear();
    }

    @Override
    public long pml4() {
        return 0;
    }

    @Override
    public void activate() {
    }

    @Override
    public int handleFault(long address, long errorCode) {
        return Fault.RESOLVED;
    }

    @Override
    public int map(long address, long length, int prot) {
        return MemStatus.OK;
    }

    @Override
    public int mapDemandZero(long address, long length, int prot, Region.Kind kind) {
        return MemStatus.OK;
    }

    @Override
    public int unmap(long address, long length) {
        return MemStatus.OK;
    }

    @Override
    public long findFree(long length) {
        return 0;
    }

    @Override
    public long translate(long address) {
        return -1;
    }

    @Override
    public List<Mapping> mappings() {
        return List.of();
    }

    @Override
    public List<Region> regions() {
        return List.of();
    }
}
