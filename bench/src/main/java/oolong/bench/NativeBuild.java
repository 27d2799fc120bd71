package oolong.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import oolong.boot.teavm.GcCompactionTransformer;
import oolong.boot.teavm.JavaChecksTransformer;
import oolong.boot.teavm.PatchedTeaVMLoader;
import org.teavm.diagnostics.DefaultProblemTextConsumer;
import org.teavm.diagnostics.Problem;
import org.teavm.diagnostics.ProblemSeverity;
import org.teavm.tooling.TeaVMTargetType;
import org.teavm.tooling.TeaVMTool;
import org.teavm.vm.TeaVMOptimizationLevel;

/**
 * Builds {@link NativeModelBench} into a Linux executable with the kernel's toolchain: TeaVM 0.16's
 * C backend with the kernel build's fixes (the patched code generator and the Java checks
 * transformer, see oolong.boot), then gcc with the kernel's optimisation and code-generation
 * flags where they make sense in user space ({@code -O2 -fwrapv -fno-strict-aliasing
 * -fno-omit-frame-pointer}). Differences from the kernel image: glibc instead of the kernel's
 * runtime (malloc, clock), TeaVM's stock runtime, and one translation unit.
 *
 * usage: NativeBuild WORK_DIR OUTPUT_FILE
 */
public final class NativeBuild {
    private NativeBuild() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: NativeBuild WORK_DIR OUTPUT_FILE");
            System.exit(2);
        }
        ClassLoader loader = PatchedTeaVMLoader.forClassPath();
        Thread.currentThread().setContextClassLoader(loader);
        Class<?> isolated = Class.forName(NativeBuild.class.getName(), true, loader);
        int status = (int) isolated.getMethod("run", String[].class).invoke(null, (Object) args);
        System.exit(status);
    }

    /** Runs inside the patched loader (so TeaVM's code generator has the fix). */
    public static int run(String[] args) throws IOException, InterruptedException {
        Path work = Path.of(args[0]).toAbsolutePath();
        Path out = Path.of(args[1]).toAbsolutePath();
        Path c = work.resolve("c");
        deleteTree(c);
        Files.createDirectories(c);
        long t0 = System.nanoTime();
        TeaVMTool tool = new TeaVMTool();
        tool.setTargetType(TeaVMTargetType.C);
        tool.setMainClass(NativeModelBench.class.getName());
        tool.setTargetDirectory(c.toFile());
        tool.setClassLoader(NativeBuild.class.getClassLoader());
        tool.setObfuscated(false);
        tool.setIncremental(false);
        tool.setOptimizationLevel(TeaVMOptimizationLevel.ADVANCED);
        tool.setMinHeapSize((int) NativeModelBench.HEAP_BYTES);
        tool.setMaxHeapSize((int) NativeModelBench.HEAP_BYTES);
        tool.getTransformers().add(JavaChecksTransformer.class.getName());
        tool.getTransformers().add(GcCompactionTransformer.class.getName());
        try {
            tool.generate();
        } catch (Exception e) {
            System.err.println("[native-build] TeaVM failed: " + e);
            return 1;
        }
        boolean failed = false;
        for (Problem p : tool.getProblemProvider().getProblems()) {
            DefaultProblemTextConsumer text = new DefaultProblemTextConsumer();
            p.render(text);
            System.err.println("[native-build] TeaVM " + p.getSeverity().name().toLowerCase() + ": " + text.getText()
                    + (p.getLocation() != null ? " at " + p.getLocation() : ""));
            failed |= p.getSeverity() == ProblemSeverity.ERROR;
        }
        if (failed) {
            return 1;
        }
        long t1 = System.nanoTime();
        Files.createDirectories(out.getParent());
        List<String> gcc = new ArrayList<>(List.of("gcc", "-O2", "-std=gnu11", "-fwrapv", "-fno-strict-aliasing",
                "-fno-omit-frame-pointer", "-w", "-o", out.toString(), c.resolve("all.c").toString(), "-lm", "-lrt"));
        Process p = new ProcessBuilder(gcc).inheritIO().start();
        if (p.waitFor() != 0) {
            System.err.println("[native-build] gcc failed: " + String.join(" ", gcc));
            return 1;
        }
        long t2 = System.nanoTime();
        System.out.printf("[native-build] %s  translate %.1fs | gcc %.1fs | %d KiB%n", out, (t1 - t0) / 1e9, (t2 - t1) / 1e9,
                Files.size(out) / 1024);
        return 0;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path f : walk.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.delete(f);
            }
        }
    }
}
