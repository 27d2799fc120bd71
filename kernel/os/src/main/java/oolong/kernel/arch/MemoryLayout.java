package oolong.kernel.arch;

/**
 * Where the boot stub put things in physical memory: the kernel image (text, data, bss, boot page
 * tables, boot stack) and the Java runtime's arena (its fixed heap and malloc), which the frame
 * allocator must never hand out.
 */
public final class MemoryLayout {
    public final long imageStart;
    public final long imageEnd;
    public final long arenaStart;
    public final long arenaEnd;

    private MemoryLayout(long imageStart, long imageEnd, long arenaStart, long arenaEnd) {
        this.imageStart = imageStart;
        this.imageEnd = imageEnd;
        this.arenaStart = arenaStart;
        this.arenaEnd = arenaEnd;
    }

    /** This machine's layout, as the linker and kmain (entry.c) left it. */
    public static MemoryLayout current() {
        return new MemoryLayout(Cpu.imageStart(), Cpu.imageEnd(), Cpu.arenaStart(), Cpu.arenaEnd());
    }

    public long arenaBytes() {
        return arenaEnd - arenaStart;
    }
}
