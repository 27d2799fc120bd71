package oolong.kernel.mem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Random sequences of map / unmap / write / read / fork / free (some with injected allocation
 * failures) against a simple model of each address space's contents: every read matches the model,
 * and once everything is freed every frame and page table is back.
 */
class AddressSpacePropertiesTest {
    static final int PAGE = 4096;
    static final int SLOT_PAGES = 3;
    /** Virtual slots (a gap after each): two close together, one across a 2 MiB (page-table) boundary, one far away (other PML4 entry). */
    static final long[] SLOTS = {0x4000_0000L, 0x4000_4000L, 0x4020_0000L - PAGE, 0x0000_5000_0000_0000L};

    static final class SlotModel {
        final boolean writable;
        final byte[] bytes = new byte[SLOT_PAGES * PAGE];

        SlotModel(boolean writable) {
            this.writable = writable;
        }

        SlotModel copy() {
            SlotModel c = new SlotModel(writable);
            System.arraycopy(bytes, 0, c.bytes, 0, bytes.length);
            return c;
        }
    }

    static final class Proc {
        final UserAddressSpace space;
        final Map<Integer, SlotModel> slots = new HashMap<>();

        Proc(UserAddressSpace space) {
            this.space = space;
        }
    }

    @Property(tries = 300)
    void contentsFollowTheModelAndNothingLeaks(
            @ForAll @Size(min = 5, max = 80) List<@IntRange(min = 0, max = Integer.MAX_VALUE) Integer> codes) {
        SimulatedMachine m = new SimulatedMachine(16L << 20);
        long baseline = m.frames.freeFrames();
        List<Proc> procs = new ArrayList<>();
        procs.add(new Proc(m.manager.createAddressSpace()));
        for (int code : codes) {
            /* 0 map, 1 unmap, 2 write, 3 read, 4 fork, 5 free; maps and writes weighted up */
            int op = new int[] {0, 0, 1, 2, 2, 2, 3, 3, 4, 5}[code % 10];
            int arg = code / 10;
            if (procs.isEmpty()) {
                procs.add(new Proc(m.manager.createAddressSpace()));
                continue;
            }
            Proc p = procs.get(arg % procs.size());
            arg /= procs.size();
            int slot = arg % SLOTS.length;
            arg /= SLOTS.length;
            if (op != 0 && !p.slots.isEmpty() && arg % 4 != 0) {
                /* mostly work on slots that are mapped */
                Integer[] mapped = p.slots.keySet().toArray(new Integer[0]);
                java.util.Arrays.sort(mapped);
                slot = mapped[(arg / 4) % mapped.length];
            }
            arg /= 4;
            long va = SLOTS[slot];
            SlotModel s = p.slots.get(slot);
            switch (op) {
                case 0 -> {   /* map, eager or demand-zero, maybe with an allocation failing */
                    boolean writable = arg % 2 == 0;
                    boolean eager = (arg / 2) % 2 == 0;
                    int failAt = (arg / 4) % 8;   /* 0: no failure */
                    int[] n = {0};
                    if (failAt > 0) {
                        m.frames.setFailureHook(() -> ++n[0] == failAt);
                    }
                    int prot = Region.READ | (writable ? Region.WRITE : 0);
                    int st = eager ? p.space.map(va, (long) SLOT_PAGES * PAGE, prot)
                            : p.space.mapDemandZero(va, (long) SLOT_PAGES * PAGE, prot, Region.Kind.ANONYMOUS);
                    m.frames.setFailureHook(null);
                    if (s != null) {
                        assertEquals(MemStatus.EEXIST, st);
                    } else if (st == MemStatus.OK) {
                        p.slots.put(slot, new SlotModel(writable));
                    } else {
                        assertEquals(MemStatus.ENOMEM, st);
                        assertTrue(eager && failAt > 0);
                    }
                }
                case 1 -> {
                    assertEquals(MemStatus.OK, p.space.unmap(va, (long) SLOT_PAGES * PAGE));
                    p.slots.remove(slot);
                }
                case 2 -> {   /* write a run of bytes somewhere in the slot (maybe crossing pages) */
                    int off = arg % (SLOT_PAGES * PAGE);
                    int len = 1 + (arg / 7) % 5000;
                    byte[] data = new byte[len];
                    for (int i = 0; i < len; i++) {
                        data[i] = (byte) (code + i * 17);
                    }
                    int st = p.space.write(va + off, data);
                    boolean fits = off + len <= SLOT_PAGES * PAGE;
                    if (s != null && s.writable && fits) {
                        assertEquals(MemStatus.OK, st);
                        System.arraycopy(data, 0, s.bytes, off, len);
                    } else {
                        assertEquals(MemStatus.EFAULT, st);
                        if (s != null && s.writable) {
                            /* partial copy up to the slot's end */
                            System.arraycopy(data, 0, s.bytes, off, SLOT_PAGES * PAGE - off);
                        }
                    }
                }
                case 3 -> {   /* read the whole slot back */
                    byte[] got = new byte[SLOT_PAGES * PAGE];
                    int st = p.space.read(va, got);
                    if (s == null) {
                        assertEquals(MemStatus.EFAULT, st);
                    } else {
                        assertEquals(MemStatus.OK, st);
                        assertArrayEquals(s.bytes, got);
                    }
                }
                case 4 -> {   /* fork, maybe with an allocation failing */
                    int failAt = arg % 6;
                    int[] n = {0};
                    if (failAt > 0) {
                        m.frames.setFailureHook(() -> ++n[0] == failAt);
                    }
                    UserAddressSpace c = p.space.fork();
                    m.frames.setFailureHook(null);
                    if (c != null) {
                        Proc child = new Proc(c);
                        p.slots.forEach((k, v) -> child.slots.put(k, v.copy()));
                        procs.add(child);
                    } else {
                        assertTrue(failAt > 0);
                    }
                }
                default -> {
                    if (procs.size() > 1 || arg % 3 == 0) {
                        p.space.free();
                        procs.remove(p);
                    }
                }
            }
            assertNull(m.frames.checkConsistency());
        }
        /* every model still matches, then free everything */
        for (Proc p : procs) {
            for (Map.Entry<Integer, SlotModel> e : p.slots.entrySet()) {
                byte[] got = new byte[SLOT_PAGES * PAGE];
                assertEquals(MemStatus.OK, p.space.read(SLOTS[e.getKey()], got));
                assertArrayEquals(e.getValue().bytes, got);
            }
            p.space.free();
        }
        assertEquals(baseline, m.frames.freeFrames());
        assertEquals(0, m.manager.pageTableFrames());
        assertEquals(0, m.manager.addressSpaces());
        assertNull(m.frames.checkConsistency());
    }

    @Property(tries = 200)
    void allocatorCountsStayConsistent(@ForAll @Size(max = 200) List<@IntRange(min = 0, max = 1000) Integer> ops) {
        FrameAllocator a = new FrameAllocator.Builder().usable(0, 1 << 20).exclude(0, 0x10000).exclude(0x40000, 0x48123)
                .build();
        List<Long> held = new ArrayList<>();
        for (int op : ops) {
            if (op % 3 != 0 || held.isEmpty()) {
                long f = a.allocate();
                if (f >= 0) {
                    assertTrue(a.isManaged(f));
                    held.add(f);
                    if (op % 5 == 0) {
                        a.retain(f);
                        held.add(f);
                    }
                } else {
                    assertEquals(0, a.freeFrames());
                }
            } else {
                a.release(held.remove(op % held.size()));
            }
            assertEquals(a.totalFrames() - a.freeFrames(), a.usedFrames());
        }
        for (long f : held) {
            a.release(f);
        }
        assertEquals(a.totalFrames(), a.freeFrames());
        assertNull(a.checkConsistency());
    }
}
