package oolong.repl.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A process's page mappings as {@code k.pages(pid)} returns them: runs of virtual pages backed
 * by consecutive frames with the same flags. {@code json} is the kernel's answer as it came.
 */
public record PageMap(int pid, long cr3, List<Mapping> mappings, JsonNode json) {

    /** Equal when they describe the same thing: {@code json}, where the description came from (the agent, or memory read by vm.core()), does not count. */
    @Override
    public boolean equals(Object other) {
        return other instanceof PageMap o && java.util.Objects.equals(pid, o.pid) && java.util.Objects.equals(cr3, o.cr3) && java.util.Objects.equals(mappings, o.mappings);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(pid, cr3, mappings);
    }
    /** flags: r w x u (user) c (copy-on-write); shared: some frame has more than one user. */
    public record Mapping(long virtualStart, long pages, long physicalStart, String flags, boolean shared) {
        public long virtualEnd() {
            return virtualStart + pages * 4096;
        }
    }

    static PageMap from(JsonNode r) {
        List<Mapping> list = new ArrayList<>();
        for (JsonNode m : r.path("mappings")) {
            list.add(new Mapping(m.path("va").asLong(), m.path("pages").asLong(), m.path("pa").asLong(),
                    m.path("flags").asText(), m.path("shared").asBoolean()));
        }
        return new PageMap(r.path("pid").asInt(), r.path("cr3").asLong(), List.copyOf(list), r);
    }

    public long totalPages() {
        return mappings.stream().mapToLong(Mapping::pages).sum();
    }

    /** The mapping holding a virtual address, or null. */
    public Mapping at(long va) {
        return mappings.stream().filter(m -> va >= m.virtualStart() && va < m.virtualEnd()).findFirst().orElse(null);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(String.format("pages of pid %d (page tables at 0x%x): %d pages%n", pid, cr3,
                totalPages()));
        sb.append(String.format("%-18s %-18s %7s  %-18s %-5s %s%n", "VIRTUAL", "END", "PAGES", "PHYSICAL", "FLAGS", "SHARED"));
        for (Mapping m : mappings) {
            // A private mapping's SHARED column is empty: strip the padding so no row ends in blanks.
            sb.append(String.format("0x%016x 0x%016x %7d  0x%016x %-5s %s", m.virtualStart(), m.virtualEnd(), m.pages(),
                    m.physicalStart(), m.flags(), m.shared() ? "shared" : "").stripTrailing()).append(System.lineSeparator());
        }
        return sb.toString().stripTrailing();
    }
}
