package oolong.boot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutionException;

/**
 * Step 2: gcc, freestanding, one object per source, in parallel, with a compile cache.
 *
 * Each object has a manifest: the hash of the command line, then every file the compilation
 * read (from gcc's -MD dependency list) with its content hash. An object is rebuilt only when
 * one of them changed, so an edit recompiles exactly the sources that see it.
 */
final class CCompiler {
    private final Toolchain tools;
    private final int jobs;
    private final BuildProgress progress;
    int compiled;
    int reused;
    private int finished;
    private boolean announced;
    private long startNanos;
    /** Each file's hash, computed once per compileAll: the units share most headers. */
    private final java.util.Map<Path, String> fileHashes = new java.util.concurrent.ConcurrentHashMap<>();

    CCompiler(Toolchain tools, int jobs) {
        this(tools, jobs, BuildProgress.quiet("c"));
    }

    CCompiler(Toolchain tools, int jobs, BuildProgress progress) {
        this.tools = tools;
        this.jobs = jobs;
        this.progress = progress;
    }

    /**
     * Flags shared by every object: freestanding x86-64 with musl's headers (docs/build.md).
     * -fwrapv: Java's int and long arithmetic wraps, and TeaVM emits it as plain C signed
     * arithmetic, which C leaves undefined on overflow. -fno-strict-aliasing: the runtime reads
     * objects through differently typed pointers. -fno-omit-frame-pointer: every function keeps
     * the rbp chain that backtraces walk; -g: DWARF (TeaVM's #line directives make its line
     * numbers Java's) for gdb and addr2line, in the ELF file only, never in the loaded image
     * (docs/introspection.md).
     */
    List<String> baseFlags() {
        return List.of("-O2", "-std=gnu11", "-ffreestanding", "-fno-pic", "-fno-pie", "-mno-red-zone",
                "-mcmodel=small", "-fno-stack-protector", "-fwrapv", "-fno-strict-aliasing", "-fno-asynchronous-unwind-tables", "-fno-omit-frame-pointer", "-g",
                "-ffunction-sections", "-fdata-sections", "-nostdinc",
                "-isystem", Toolchain.MUSL_INCLUDE.toString(), "-isystem", tools.gccInclude.toString(),
                "-DTEAVM_CUSTOM_LOG=1");
    }

    record Job(Path source, Path object, List<String> flags) {
    }

    void compileAll(List<Job> work) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, jobs));
        startNanos = System.nanoTime();
        fileHashes.clear();
        finished = 0;
        announced = false;
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (Job job : work) {
                results.add(pool.submit(() -> compileAndReport(job, work)));
            }
            List<String> failures = new ArrayList<>();
            for (Future<Boolean> f : results) {
                try {
                    if (f.get()) {
                        compiled++;
                    } else {
                        reused++;
                    }
                } catch (ExecutionException e) {
                    failures.add(e.getCause() instanceof BuildException ? e.getCause().getMessage() : e.getCause().toString());
                }
            }
            if (!failures.isEmpty()) {
                throw new BuildException(String.join("\n", failures));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildException("interrupted");
        } finally {
            pool.shutdownNow();
        }
    }

    /** Compiles one job and reports it: a line for each source gcc compiled, counted among all. */
    private boolean compileAndReport(Job job, List<Job> work) throws IOException {
        int total = work.size();
        long t0 = System.nanoTime();
        boolean ran = compile(job, () -> announce(work));
        synchronized (this) {
            finished++;
            if (ran) {
                progress.compiled(job.source().getFileName().toString(), finished, total, System.nanoTime() - t0,
                        System.nanoTime() - startNanos);
            }
        }
        return ran;
    }

    private synchronized void announce(List<Job> work) {
        if (!announced) {
            announced = true;
            progress.compiling(work.stream().map(j -> j.source().getFileName().toString()).toList(),
                    Math.max(1, Math.min(jobs, work.size())));
        }
    }

    /** Compiles one source unless its cached object is still valid; returns whether gcc ran. */
    private boolean compile(Job job, Runnable beforeGcc) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(tools.gcc.toString());
        command.addAll(job.flags());
        command.addAll(List.of("-c", job.source().toString(), "-o", job.object().toString()));
        String commandHash = new Hashes().add(String.join("\u0000", command)).hex();
        Path manifest = Path.of(job.object() + ".manifest");
        if (Files.exists(job.object()) && upToDate(manifest, commandHash, this::hashOf)) {
            return false;
        }
        beforeGcc.run();
        Files.createDirectories(job.object().getParent());
        Path deps = Path.of(job.object() + ".d");
        List<String> withDeps = new ArrayList<>(command);
        withDeps.addAll(1, List.of("-MD", "-MF", deps.toString()));
        Toolchain.run(withDeps, job.object().getParent());
        StringBuilder m = new StringBuilder(commandHash).append('\n');
        for (Path dep : parseDeps(deps)) {
            m.append(Hashes.ofFile(dep)).append(' ').append(dep).append('\n');
        }
        Files.writeString(manifest, m);
        return true;
    }

    private String hashOf(Path file) {
        return fileHashes.computeIfAbsent(file, Hashes::ofFile);
    }

    private static boolean upToDate(Path manifest, String commandHash, java.util.function.Function<Path, String> hash) {
        try {
            List<String> lines = Files.readAllLines(manifest);
            if (lines.isEmpty() || !lines.get(0).equals(commandHash)) {
                return false;
            }
            for (String line : lines.subList(1, lines.size())) {
                int sp = line.indexOf(' ');
                if (!hash.apply(Path.of(line.substring(sp + 1))).equals(line.substring(0, sp))) {
                    return false;
                }
            }
            return true;
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    /** Reads a make-style dependency file written by gcc -MD. */
    static List<Path> parseDeps(Path depFile) throws IOException {
        String text = Files.readString(depFile).replace("\\\n", " ");
        int colon = text.indexOf(": ");
        List<Path> deps = new ArrayList<>();
        for (String token : text.substring(colon + 2).trim().split("\\s+")) {
            if (!token.isEmpty()) {
                deps.add(Path.of(token));
            }
        }
        return deps;
    }
}
