package oolong.introspect.program;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import oolong.introspect.debug.DebugInfo;
import oolong.introspect.debug.JavaMethod;
import oolong.introspect.debug.SourceLines;
import oolong.introspect.elf.ElfFile;
import oolong.introspect.elf.ElfSection;
import oolong.introspect.elf.ElfSymbol;

/**
 * One image as the build left it: the ELF file as linked (symbols, DWARF) and its debug
 * information (TeaVM's names, the layouts). Answers "what is at this address" and "where is this
 * symbol", and gives source lines through {@link SourceLines}.
 */
public final class Image {
    private final String name;
    private final Path elf;
    private final DebugInfo debug;
    private final long[] starts;
    private final long[] ends;
    private final String[] names;
    private final Map<String, Long> byName = new HashMap<>();
    private final long textStart;
    private final long textEnd;
    private final byte[] textHead;
    private final SourceLines lines;

    private Image(String name, Path elf, DebugInfo debug, List<ElfSymbol> symbols, List<ElfSection> sections,
                  long textStart, long textEnd, byte[] textHead) {
        this.name = name;
        this.elf = elf;
        this.debug = debug;
        this.textStart = textStart;
        this.textEnd = textEnd;
        this.textHead = textHead;
        List<ElfSymbol> sorted = new ArrayList<>();
        for (ElfSymbol s : symbols) {
            if (!s.defined() || s.name().isEmpty()) {
                continue;
            }
            byName.putIfAbsent(s.name(), s.value());
            /* assembly labels (k_run_user, trap_common) are untyped and unsized: keep those in code */
            boolean asmLabel = s.type() == 0 && s.sectionIndex() < sections.size() && sections.get(s.sectionIndex()).executable();
            if (s.function() || s.object() || asmLabel) {
                sorted.add(s);
            }
        }
        sorted.sort(Comparator.comparingLong(ElfSymbol::value));
        starts = new long[sorted.size()];
        ends = new long[sorted.size()];
        names = new String[sorted.size()];
        for (int i = 0; i < sorted.size(); i++) {
            ElfSymbol s = sorted.get(i);
            starts[i] = s.value();
            long next = i + 1 < sorted.size() ? sorted.get(i + 1).value() : s.value() + 1;
            /* an unsized label reaches to the next symbol */
            ends[i] = s.size() > 0 ? s.value() + s.size() : Math.max(s.value() + 1, Math.min(next, s.value() + 0x10000));
            names[i] = s.name();
        }
        this.lines = new SourceLines(elf);
    }

    /**
     * Loads an image from the build's output: {@code dir/NAME64.elf} and {@code dir/NAME.debug}
     * (NAME is "kernel" or "user").
     */
    public static Image load(Path imagesDir, String name) throws IOException {
        Path elf = imagesDir.resolve(name + "64.elf");
        Path dbg = imagesDir.resolve(name + ".debug");
        if (!Files.exists(elf) || !Files.exists(dbg)) {
            throw new IOException("no debug information for the " + name + " image in " + imagesDir + " (" + elf.getFileName()
                    + " and " + dbg.getFileName() + " come with every build: scripts/oolong build)");
        }
        try (ElfFile f = ElfFile.open(elf)) {
            ElfSection text = f.section(".text").orElseThrow(() -> new IOException(elf + " has no .text"));
            byte[] head = f.bytes(text.offset(), (int) Math.min(4096, text.size()));
            return new Image(name, elf, DebugInfo.read(dbg), f.symbols(), f.sections(), text.address(),
                    text.address() + text.size(), head);
        }
    }

    public String name() {
        return name;
    }

    public Path elf() {
        return elf;
    }

    public DebugInfo debug() {
        return debug;
    }

    public SourceLines sourceLines() {
        return lines;
    }

    /** Whether the address is in the image's code. */
    public boolean inText(long address) {
        return address >= textStart && address < textEnd;
    }

    public long textStart() {
        return textStart;
    }

    /** The first bytes of the code, to check that a memory image holds this build. */
    public byte[] textHead() {
        return textHead.clone();
    }

    /** The symbol an address falls in (functions and data objects with their sizes). */
    public Optional<Symbol> symbolize(long address) {
        int lo = 0;
        int hi = starts.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (starts[mid] <= address) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        /* symbols can nest or touch; the last one starting at or before the address that still covers it */
        for (int i = found; i >= 0 && i > found - 8; i--) {
            if (address >= starts[i] && address < ends[i]) {
                JavaMethod m = debug.method(names[i]).orElse(null);
                return Optional.of(new Symbol(name, names[i], starts[i], ends[i] - starts[i], m, address));
            }
        }
        return Optional.empty();
    }

    /** A symbol's address. */
    public OptionalLong address(String symbol) {
        Long v = byName.get(symbol);
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    public long requireAddress(String symbol) {
        return address(symbol).orElseThrow(() -> new IllegalStateException("the " + name + " image has no symbol " + symbol));
    }

    /** The Java method a line of Java source belongs to, for code TeaVM inlined into another method. */
    public Optional<JavaMethod> methodAt(SourceLines.Line line) {
        if (!line.java()) {
            return debug.method(line.cFunction());
        }
        return debug.methodAtLine(line.file(), line.line());
    }
}
