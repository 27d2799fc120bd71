package oolong.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Builds the process-model benchmark's C side, {@code seedbench}: the seed's own proc.c under a
 * small driver (bench/src/main/c/seed/seedbench.c), with gcc -O2 like the seed's kernel.
 *
 * The seed document lists its line numbers first, then a line holding only {@code |}, then the
 * code, then another such line; {@link #extractCode} takes the code between them. Every kernel
 * header proc.c includes ({@code <camellia/...>}, {@code <kernel/...>}, {@code <shared/...>}) is
 * generated as an include of seed_kernel.h, the driver's stand-in for the rest of that kernel.
 *
 * usage: SeedBuild SEED (the seed folder or document) SOURCES (the driver's folder) WORK_DIR OUTPUT_FILE
 */
public final class SeedBuild {
    private static final Pattern KERNEL_INCLUDE = Pattern.compile("^#include <((camellia|kernel|shared)/[^>]+)>", Pattern.MULTILINE);

    private SeedBuild() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: SeedBuild SEED SOURCES WORK_DIR OUTPUT_FILE");
            System.exit(2);
        }
        try {
            build(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]), Path.of(args[3]));
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("[seed-build] " + e.getMessage());
            System.exit(1);
        }
    }

    /** The seed document: SEED itself, or the first .txt file in the folder SEED. */
    static Path seedDocument(Path seed) throws IOException {
        if (Files.isRegularFile(seed)) {
            return seed;
        }
        if (!Files.isDirectory(seed)) {
            throw new IOException("no seed at " + seed.toAbsolutePath() + " (the seed folder sits beside the repository: ../shared/seed)");
        }
        try (Stream<Path> files = Files.list(seed)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".txt")).sorted().findFirst()
                    .orElseThrow(() -> new IOException("no seed document (*.txt) in " + seed.toAbsolutePath()));
        }
    }

    /** The code of a seed document: the lines between its first two lines that hold only "|". */
    static String extractCode(String document) {
        String[] lines = document.split("\r?\n", -1);
        int start = -1;
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].equals("|")) {
                if (start >= 0) {
                    return code.toString();
                }
                start = i;
            } else if (start >= 0) {
                code.append(lines[i]).append('\n');
            }
        }
        if (start < 0) {
            throw new IllegalArgumentException("the seed document has no '|' line before its code");
        }
        return code.toString();
    }

    /** The kernel headers the code includes, e.g. kernel/proc.h. */
    static List<String> kernelIncludes(String code) {
        List<String> headers = new ArrayList<>();
        Matcher m = KERNEL_INCLUDE.matcher(code);
        while (m.find()) {
            headers.add(m.group(1));
        }
        return headers;
    }

    static void build(Path seed, Path sources, Path work, Path out) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        String code = extractCode(Files.readString(seedDocument(seed), StandardCharsets.UTF_8));
        if (!code.contains("proc_fork")) {
            throw new IllegalArgumentException("the seed's code has no proc_fork: not the seed's proc.c?");
        }
        Path inc = work.resolve("include").toAbsolutePath();
        Files.createDirectories(inc);
        Files.writeString(work.resolve("proc.c"), code, StandardCharsets.UTF_8);
        for (String header : kernelIncludes(code)) {
            Path h = inc.resolve(header);
            Files.createDirectories(h.getParent());
            Files.writeString(h, "#include \"seed_kernel.h\"\n", StandardCharsets.UTF_8);
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        List<String> gcc = List.of("gcc", "-O2", "-std=gnu11", "-w", "-no-pie", "-Wl,--defsym,_shared_len=0",
                "-I" + work.toAbsolutePath(), "-I" + inc, "-I" + sources.toAbsolutePath(),
                "-o", out.toAbsolutePath().toString(), sources.resolve("seedbench.c").toAbsolutePath().toString());
        Process p = new ProcessBuilder(gcc).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("gcc failed:\n" + String.join(" ", gcc) + "\n" + log);
        }
        System.out.printf("[seed-build] %s from the seed's proc.c (%d lines) in %.1f s%n", out,
                code.split("\n").length, (System.nanoTime() - t0) / 1e9);
    }
}
