package oolong.boot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Step 4 of the pipeline: the image's debug information, {@code <image>.debug} beside the image
 * (format: oolong.introspect.debug.DebugInfo; use: docs/introspection.md). It joins TeaVM's names
 * ({@link TeaVMNames}, written when the C was generated) with the layout gcc gave the structures
 * ({@link LayoutProbe}, compiled with the image's own flags). The probe's compile is cached like
 * every other object, so an unchanged image costs only reading the table back.
 */
final class DebugInfoStep {
    private DebugInfoStep() {
    }

    /**
     * Oolong's own structures a debugger needs, per image: the GC's counters (both), the saved
     * user registers and the exception frame (the kernel).
     */
    static List<String> nativeHeaders(ImageSpec spec) {
        return spec.nativeDirs().contains("kernel") ? List.of("oolong/runtime.h", "oolong/cpu.h", "oolong/trap.h")
                : List.of("oolong/runtime.h");
    }

    /** Writes outDir/NAME.debug; returns its path. */
    static Path run(ImageSpec spec, Toolchain tools, List<String> flags, Path cDir, Path nativeInclude, Path workDir,
                    Path outDir) throws IOException {
        Path dir = workDir.resolve("debug");
        Files.createDirectories(dir);
        LayoutProbe probe = LayoutProbe.of(cDir, nativeInclude, nativeHeaders(spec));
        Path source = dir.resolve("layout.c");
        String text = probe.source();
        if (!Files.exists(source) || !Files.readString(source).equals(text)) {
            Files.writeString(source, text);
        }
        Path object = dir.resolve("layout.o");
        List<String> probeFlags = new ArrayList<>(flags);
        probeFlags.add("-w");      /* TeaVM's headers: their warnings are not ours to fix */
        new CCompiler(tools, 1).compileAll(List.of(new CCompiler.Job(source, object, probeFlags)));

        List<String> out = new ArrayList<>();
        out.add("# oolong debug info v1 for the " + spec.name() + " image (oolong.boot.DebugInfoStep; docs/introspection.md)");
        for (String line : Files.readAllLines(cDir.resolve(TeaVMNames.FILE))) {
            if (!line.startsWith("#")) {
                out.add(line);
            }
        }
        for (LayoutProbe.Layout l : probe.read(object)) {
            out.add("struct\t" + l.name() + "\t" + l.size());
            for (Map.Entry<String, long[]> m : l.members().entrySet()) {
                out.add("member\t" + l.name() + "\t" + m.getKey() + "\t" + m.getValue()[0] + "\t" + m.getValue()[1]);
            }
        }
        Files.createDirectories(outDir);
        Path file = outDir.resolve(spec.name() + ".debug");
        Files.write(file, out);
        return file;
    }
}
