package oolong.boot;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import oolong.boot.teavm.CoverageMap;
import oolong.boot.teavm.CoverageTransformer;
import oolong.boot.teavm.GcCompactionTransformer;
import oolong.boot.teavm.JavaChecksTransformer;
import oolong.boot.teavm.PatchedTeaVMLoader;
import oolong.boot.teavm.StableClassOrder;
import org.teavm.diagnostics.DefaultProblemTextConsumer;
import org.teavm.diagnostics.Problem;
import org.teavm.diagnostics.ProblemSeverity;
import org.teavm.tooling.TeaVMTargetType;
import org.teavm.tooling.TeaVMTool;
import org.teavm.tooling.TeaVMToolException;
import org.teavm.vm.TeaVMOptimizationLevel;

/**
 * Step 1 of the pipeline: TeaVM translates an image's Java classes to C.
 *
 * TeaVM compiles a whole program at once, so its output changes as a whole. The step is skipped
 * when nothing it read has changed: after each run the names of every class TeaVM used are kept,
 * and the fingerprint covers the options and the bytes of those classes (TeaVM's own class
 * library is covered by its version). An edit to a class the image does not use costs nothing.
 */
final class JavaToC {
    static final String TEAVM_VERSION = "0.16.0";

    private final ImageSpec spec;
    private final Path workDir;
    private final ClassLoader classLoader;
    private final BuildProgress progress;

    JavaToC(ImageSpec spec, Path workDir, ClassLoader classLoader) {
        this(spec, workDir, classLoader, BuildProgress.quiet(spec.name()));
    }

    JavaToC(ImageSpec spec, Path workDir, ClassLoader classLoader, BuildProgress progress) {
        this.spec = spec;
        this.workDir = workDir;
        this.classLoader = classLoader;
        this.progress = progress;
    }

    Path outputDir() {
        return workDir.resolve("c");
    }

    /** Which coverage block is where (a coverage image only; see CoverageMap). */
    Path coverageMap() {
        return workDir.resolve("coverage-map.tsv");
    }

    /** Translates if needed; returns true when new C was generated. */
    boolean run() throws IOException {
        Path stamp = workDir.resolve("translate.stamp");
        Path classList = workDir.resolve("translate.classes");
        if (Files.exists(stamp) && Files.exists(classList) && Files.exists(outputDir().resolve("all.txt"))
                && Files.exists(outputDir().resolve(TeaVMNames.FILE))
                && (!spec.coverage() || Files.exists(coverageMap()))) {
            List<String> used = Files.readAllLines(classList);
            if (fingerprint(used).equals(Files.readString(stamp).trim())) {
                return false;
            }
        }
        long t0 = System.nanoTime();
        progress.translating();
        deleteTree(outputDir());
        Files.createDirectories(outputDir());
        TeaVMTool tool = new TeaVMTool();
        tool.setTargetType(TeaVMTargetType.C);
        tool.setMainClass(spec.mainClass());
        tool.setTargetDirectory(outputDir().toFile());
        tool.setClassLoader(classLoader);
        tool.setObfuscated(false);
        tool.setIncremental(false);
        tool.setOptimizationLevel(TeaVMOptimizationLevel.ADVANCED);
        /* min == max: TeaVM 0.16's GC crashes when the heap has to grow (docs/architecture.md) */
        tool.setMinHeapSize((int) spec.heapBytes());
        tool.setMaxHeapSize((int) spec.heapBytes());
        tool.getTransformers().add(JavaChecksTransformer.class.getName());
        /* the GC calls oolong.boot.guest.GcCompaction where it compacted (it compacts every collection, as TeaVM did) */
        tool.getTransformers().add(GcCompactionTransformer.class.getName());
        /* #line directives naming the Java source lines: with gcc -g, gdb and addr2line speak Java (docs/introspection.md) */
        tool.setDebugInformationGenerated(true);
        if (spec.coverage()) {
            CoverageMap.reset();
            tool.getTransformers().add(CoverageTransformer.class.getName());
        }
        try {
            tool.generate();
        } catch (TeaVMToolException e) {
            throw new BuildException("TeaVM failed for the " + spec.name() + " image: " + e.getMessage());
        }
        report(tool.getProblemProvider().getProblems());
        TeaVMNames.export(tool, outputDir());
        if (spec.coverage()) {
            CoverageMap.write(coverageMap(), tool.getDependencyInfo().getReachableMethods().stream().map(Object::toString).toList());
        }
        List<String> used = new ArrayList<>(new TreeSet<>(tool.getClasses()));
        Files.write(classList, used);
        Files.writeString(stamp, fingerprint(used) + "\n");
        progress.translated(System.nanoTime() - t0);
        return true;
    }

    private void report(Collection<Problem> problems) {
        StringBuilder errors = new StringBuilder();
        for (Problem p : problems) {
            String line = "TeaVM " + p.getSeverity().name().toLowerCase() + " (" + spec.name() + "): "
                    + render(p) + (p.getLocation() != null ? " at " + p.getLocation() : "");
            if (p.getSeverity() == ProblemSeverity.ERROR) {
                errors.append(line).append('\n');
            } else {
                System.out.println(line);
            }
        }
        if (errors.length() > 0) {
            throw new BuildException(errors.toString().trim());
        }
    }

    private static String render(Problem p) {
        DefaultProblemTextConsumer text = new DefaultProblemTextConsumer();
        p.render(text);
        return text.getText();
    }

    private String fingerprint(List<String> usedClasses) {
        Hashes h = new Hashes().add("teavm " + TEAVM_VERSION).add(spec.toString());
        for (Class<?> translatorPart : new Class<?>[] {JavaChecksTransformer.class, GcCompactionTransformer.class,
                oolong.boot.guest.GcCompaction.class, PatchedTeaVMLoader.class, StableClassOrder.class, TeaVMNames.class}) {
            h.add(classBytes(translatorPart.getName()));   /* a change to the translator changes the output */
        }
        if (spec.coverage()) {
            h.add(classBytes(CoverageTransformer.class.getName())).add(classBytes(CoverageMap.class.getName()));
        }
        for (String name : usedClasses) {
            h.add(name);
            if (name.startsWith("java.") || name.startsWith("org.teavm.")) {
                continue;   /* TeaVM's class library: fixed for a TeaVM version */
            }
            h.add(classBytes(name));
        }
        return h.hex();
    }

    private byte[] classBytes(String name) {
        try (InputStream in = classLoader.getResourceAsStream(name.replace('.', '/') + ".class")) {
            return in == null ? new byte[0] : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.delete(p);
            }
        }
    }
}
