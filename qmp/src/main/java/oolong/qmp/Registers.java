package oolong.qmp;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The main x86-64 registers of CPU 0, parsed from `info registers`; {@link #all} has every NAME=value. */
public record Registers(long rax, long rbx, long rcx, long rdx, long rsi, long rdi, long rbp, long rsp, long rip,
                        long rflags, long cr0, long cr2, long cr3, long cr4, long efer, int cpl,
                        Map<String, Long> all) {

    private static final Pattern FIELD = Pattern.compile("\\b([A-Z][A-Z0-9]*)\\s*=\\s*([0-9a-fA-F]+)\\b");

    public static Registers parse(String text) {
        Map<String, Long> m = new LinkedHashMap<>();
        Matcher matcher = FIELD.matcher(text);
        while (matcher.find()) {
            String name = matcher.group(1);
            if (!m.containsKey(name)) {
                try {
                    m.put(name, Long.parseUnsignedLong(matcher.group(2), 16));
                } catch (NumberFormatException e) {
                    /* not a register value */
                }
            }
        }
        /* outside long mode QEMU prints the 32-bit names (EAX, EIP, EFL) */
        String r = m.containsKey("RIP") ? "R" : m.containsKey("EIP") ? "E" : null;
        if (r == null) {
            throw new IllegalArgumentException("not an `info registers` dump: "
                    + text.strip().lines().findFirst().orElse("(empty)"));
        }
        return new Registers(g(m, r + "AX"), g(m, r + "BX"), g(m, r + "CX"), g(m, r + "DX"), g(m, r + "SI"),
                g(m, r + "DI"), g(m, r + "BP"), g(m, r + "SP"), g(m, r + "IP"), g(m, r.equals("R") ? "RFL" : "EFL"),
                g(m, "CR0"), g(m, "CR2"), g(m, "CR3"), g(m, "CR4"), g(m, "EFER"), (int) g(m, "CPL"), Map.copyOf(m));
    }

    private static long g(Map<String, Long> m, String k) {
        Long v = m.get(k);
        return v == null ? 0 : v;
    }

    @Override
    public String toString() {
        return String.format("rip=%016x rsp=%016x rflags=%08x cpl=%d cr3=%016x cr2=%016x%n"
                + "rax=%016x rbx=%016x rcx=%016x rdx=%016x%nrsi=%016x rdi=%016x rbp=%016x", rip, rsp, rflags, cpl, cr3,
                cr2, rax, rbx, rcx, rdx, rsi, rdi, rbp);
    }
}
