package oolong.boot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import oolong.boot.teavm.PatchedTeaVMLoader;

/**
 * Builds Oolong's bootable images: Java -> C (TeaVM) -> objects (gcc) -> ELF (ld).
 *
 * <pre>
 *   kernel.elf   the kernel, booted by QEMU's -kernel (multiboot)
 *   user.elf     the multi-call user image, passed to the kernel as a multiboot module
 * </pre>
 *
 * Run by Maven in the boot module's package phase (and by scripts/oolong when images are
 * missing or stale). Every step is skipped when its inputs are unchanged; see docs/build.md.
 */
public final class ImageBuilder {
    private final Path nativeRoot;
    private final Path workRoot;
    private final Path outDir;
    private final int jobs;

    ImageBuilder(Path nativeRoot, Path workRoot, Path outDir, int jobs) {
        this.nativeRoot = nativeRoot;
        this.workRoot = workRoot;
        this.outDir = outDir;
        this.jobs = jobs;
    }

    /**
     * Runs {@link #run} inside {@link PatchedTeaVMLoader}, so that TeaVM's code generator has
     * Oolong's fix applied (see there).
     */
    public static void main(String[] args) throws Exception {
        ClassLoader loader = PatchedTeaVMLoader.forClassPath();
        Thread.currentThread().setContextClassLoader(loader);
        Class<?> isolated = Class.forName(ImageBuilder.class.getName(), true, loader);
        int status = (int) isolated.getMethod("run", String[].class).invoke(null, (Object) args);
        System.exit(status);
    }

    /** Builds the images; returns the process exit status. */
    public static int run(String[] args) {
        Path nativeRoot = Path.of("src/main/native");
        Path work = Path.of("target/native");
        Path out = Path.of("target/images");
        long kernelHeap = 32L << 20;
        long userHeap = 4L << 20;
        int jobs = Runtime.getRuntime().availableProcessors();
        List<String> only = new ArrayList<>(List.of("kernel", "user", "kernel-coverage"));
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--native" -> { nativeRoot = Path.of(v); i++; }
                case "--work" -> { work = Path.of(v); i++; }
                case "--out" -> { out = Path.of(v); i++; }
                case "--kernel-heap-mib" -> { kernelHeap = Long.parseLong(v) << 20; i++; }
                case "--user-heap-mib" -> { userHeap = Long.parseLong(v) << 20; i++; }
                case "--jobs" -> { jobs = Integer.parseInt(v); i++; }
                case "--only" -> { only = List.of(v.split(",")); i++; }
                default -> {
                    System.err.println("unknown option " + a + "\nusage: ImageBuilder [--native DIR] [--work DIR] [--out DIR]"
                            +  " [--kernel-heap-mib N] [--user-heap-mib N] [--jobs N] [--only kernel,user,kernel-coverage]");
                    return 2;
                }
            }
        }
        try {
            ImageBuilder builder = new ImageBuilder(nativeRoot.toAbsolutePath(), work.toAbsolutePath(),
                    out.toAbsolutePath(), jobs);
            Toolchain tools = Toolchain.detect();
            for (String name : only) {
                ImageSpec spec = switch (name) {
                    case "kernel" -> ImageSpec.kernel(kernelHeap);
                    case "user" -> ImageSpec.user(userHeap);
                    case "kernel-coverage" -> ImageSpec.kernelWithCoverage(kernelHeap);
                    default -> throw new BuildException("unknown image " + name + " (kernel, user or kernel-coverage)");
                };
                builder.build(spec, tools);
            }
            return 0;
        } catch (BuildException e) {
            System.err.println("[oolong-build] FAILED: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            System.err.println("[oolong-build] FAILED: " + e);
            return 1;
        }
    }

    void build(ImageSpec spec, Toolchain tools) throws IOException {
        Path work = workRoot.resolve(spec.name());
        Files.createDirectories(work);
        long t0 = System.nanoTime();
        double c0 = CpuClock.seconds();
        BuildProgress progress = new BuildProgress(System.out, spec.name());

        JavaToC translator = new JavaToC(spec, work, ImageBuilder.class.getClassLoader(), progress);
        boolean translated = translator.run();
        long t1 = System.nanoTime();
        double c1 = CpuClock.seconds();

        CCompiler cc = new CCompiler(tools, jobs, progress);
        List<CCompiler.Job> jobsList = new ArrayList<>();
        List<Path> objects = new ArrayList<>();
        List<String> common = new ArrayList<>(cc.baseFlags());
        common.addAll(List.of("-iquote", nativeRoot.resolve("include").toString(),
                "-iquote", translator.outputDir().toString()));
        for (String d : spec.defines()) {
            common.add("-D" + d);
        }
        Path cDir = translator.outputDir();
        Map<String, Path> sources = LocalNumbers.localise(cDir, teavmFiles(cDir), work.resolve("local"));
        for (Path unity : TranslationUnits.write(cDir, sources, work.resolve("unity"))) {
            List<String> flags = new ArrayList<>(common);
            flags.add("-w");    /* generated code: TeaVM's warnings are not ours to fix */
            Path obj = work.resolve("obj").resolve(unity.getFileName() + ".o");
            jobsList.add(new CCompiler.Job(unity, obj, flags));
            objects.add(obj);
        }
        for (String dir : spec.nativeDirs()) {
            for (Path src : sources(nativeRoot.resolve(dir))) {
                List<String> flags = new ArrayList<>(common);
                flags.addAll(List.of("-Wall", "-Wextra", "-Wno-unused-parameter"));
                Path obj = work.resolve("obj").resolve(dir + "-" + src.getFileName() + ".o");
                jobsList.add(new CCompiler.Job(src, obj, flags));
                objects.add(0, obj);   /* our objects first: they replace libc functions (malloc, clock, ...) */
            }
        }
        cc.compileAll(jobsList);
        objects.add(work.resolve("local").resolve(LocalNumbers.SYMBOLS));   /* ld reads it as a script: the local numbers' values */
        DebugInfoStep.run(spec, tools, common, translator.outputDir(), nativeRoot.resolve("include"), work, outDir);
        long t2 = System.nanoTime();
        double c2 = CpuClock.seconds();

        boolean linked = new Linker(tools).link(spec, objects, nativeRoot.resolve(spec.linkerScript()), work, outDir);
        if (spec.coverage()) {
            Files.copy(translator.coverageMap(), outDir.resolve(spec.name() + "-map.tsv"), StandardCopyOption.REPLACE_EXISTING);
        }
        long t3 = System.nanoTime();
        double c3 = CpuClock.seconds();
        Path image = outDir.resolve(spec.name() + ".elf");
        if (linked) {
            progress.linked(image.getFileName().toString(), t3 - t2);
        }
        /* each step's wall time, and its CPU seconds (this JVM's threads and the gcc and ld it ran) */
        System.out.printf(Locale.ROOT, "[oolong-build] %-6s %s  translate %s %.1fs (CPU %.1fs) | compile %d, reused %d %.1fs (CPU %.1fs)"
                        + " | link %s %.1fs (CPU %.1fs) | %d KiB%n",
                spec.name(), image, translated ? "ran" : "up to date", (t1 - t0) / 1e9, c1 - c0, cc.compiled, cc.reused,
                (t2 - t1) / 1e9, c2 - c1, linked ? "ran" : "up to date", (t3 - t2) / 1e9, c3 - c2, Files.size(image) / 1024);
    }

    private static List<Path> sources(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".c") || p.toString().endsWith(".S")).sorted().toList();
        }
    }

    /** TeaVM's C files, as its all.txt lists them. */
    private static List<String> teavmFiles(Path cDir) throws IOException {
        List<String> files = new ArrayList<>();
        for (String f : Files.readAllLines(cDir.resolve("all.txt"))) {
            if (!f.isBlank()) {
                files.add(f.trim());
            }
        }
        return files;
    }
}
