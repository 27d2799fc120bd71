package oolong.introspect.program;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One CPU's registers at the moment memory was looked at: from QEMU's monitor for a live machine,
 * from the notes of a core dump offline. Names are QEMU's, upper case: RAX..R15, RIP, RFL, CR3, ...
 */
public record CpuState(Map<String, Long> registers) {
    public CpuState {
        registers = Collections.unmodifiableMap(new LinkedHashMap<>(registers));
    }

    public long get(String name) {
        Long v = registers.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no register " + name + " (have " + registers.keySet() + ")");
        }
        return v;
    }

    public long rip() {
        return get("RIP");
    }

    public long rsp() {
        return get("RSP");
    }

    public long rbp() {
        return get("RBP");
    }

    public long cr3() {
        return registers.getOrDefault("CR3", 0L);
    }

    /** The privilege level the CPU was running at (from CS): 0 the kernel, 3 a user process. */
    public int cpl() {
        Long cpl = registers.get("CPL");
        if (cpl != null) {
            return (int) (long) cpl;
        }
        return (int) (registers.getOrDefault("CS", 0L) & 3);
    }
}
