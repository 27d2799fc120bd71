package oolong.campaign.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import oolong.campaign.cover.CoverageMap;

/**
 * {@code scripts/oolong campaign merge --out DIR IN...}: combines the output directories of
 * shards (or of rounds) into one: the union of the corpora (a program's file name is its hash,
 * so the same program from two shards is one file), the union of the coverage, every program
 * run, one reproducer per failure signature (the shortest), and every JUnit XML file. Coverage is
 * merged only from directories of the same kernel build as the first one's (the same
 * coverage-map.tsv); another build's is left out, with a line in the summary. The merged
 * directory is what the next round starts from ({@code --corpus DIR}).
 */
final class Merge {
    private Merge() {
    }

    static int run(List<String> args, PrintStream out) throws IOException {
        Path to = null;
        List<Path> inputs = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--out")) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException("--out needs a directory");
                }
                to = Path.of(args.get(++i));
            } else if (args.get(i).startsWith("--")) {
                throw new IllegalArgumentException("unknown option '" + args.get(i) + "' (merge --out DIR IN...)");
            } else {
                inputs.add(Path.of(args.get(i)));
            }
        }
        if (to == null || inputs.isEmpty()) {
            throw new IllegalArgumentException("usage: scripts/oolong campaign merge --out DIR IN...");
        }
        for (Path in : inputs) {
            if (!Files.isDirectory(in)) {
                throw new IllegalArgumentException("no campaign directory " + in);
            }
        }
        out.print(merge(to, inputs));
        return 0;
    }

    /** Merges; returns the summary it also writes to DIR/summary.txt. */
    static String merge(Path to, List<Path> inputs) throws IOException {
        Files.createDirectories(to.resolve("corpus"));
        Files.createDirectories(to.resolve("junit"));
        BitSet covered = new BitSet();
        Path map = null;
        List<String> programs = new ArrayList<>();
        programs.add("# program\tslot\tid\tsteps\tresult\tnew-blocks\tms");
        Map<String, Path> reproducers = new LinkedHashMap<>();
        List<String> leftOut = new ArrayList<>();
        for (Path in : inputs) {
            for (Path f : list(in.resolve("corpus"), ".jsh")) {
                Path target = to.resolve("corpus").resolve(f.getFileName());
                if (!Files.exists(target)) {
                    Files.copy(f, target);
                }
            }
            for (Path f : list(in.resolve("junit"), ".xml")) {
                Path target = to.resolve("junit").resolve(f.getFileName());
                if (Files.exists(target) && Files.mismatch(f, target) != -1) {
                    /* two unsharded runs both have job-0-0.xml: keep both, named after their directory */
                    target = to.resolve("junit").resolve(in.toAbsolutePath().normalize().getFileName() + "-" + f.getFileName());
                }
                Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
            }
            /* A block is a number in one build's map: another build's numbers name other blocks, so
               coverage is merged only with the first map's (the corpora are merged regardless) */
            Path hex = in.resolve("coverage.hex");
            Path inMap = in.resolve("coverage-map.tsv");
            if (Files.exists(hex)) {
                if (!Files.exists(inMap)) {
                    leftOut.add("coverage of " + in + " left out: no coverage-map.tsv says which kernel build it is from");
                } else if (map != null && Files.mismatch(map, inMap) != -1) {
                    leftOut.add("coverage of " + in + " left out: another kernel build (its coverage-map.tsv differs from "
                            + map.getParent() + "'s)");
                } else {
                    map = map == null ? inMap : map;
                    covered.or(CoverageMap.fromHex(Files.readString(hex)));
                }
            }
            Path log = in.resolve("programs.tsv");
            if (Files.exists(log)) {
                for (String line : Files.readAllLines(log)) {
                    if (!line.startsWith("#") && !line.isBlank()) {
                        programs.add(line);
                    }
                }
            }
            for (Path f : list(in, ".jsh")) {
                if (!f.getFileName().toString().startsWith("repro-")) {
                    continue;
                }
                String sig = signature(f);
                Path had = reproducers.get(sig);
                if (had == null || steps(f) < steps(had)) {
                    reproducers.put(sig, f);
                }
            }
        }
        Files.write(to.resolve("programs.tsv"), programs);
        Files.writeString(to.resolve("coverage.hex"), CoverageMap.hex(covered) + "\n");
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "merged %d campaign directories: %d programs run, "
                + "corpus %d programs%n", inputs.size(), programs.size() - 1, list(to.resolve("corpus"), ".jsh").size()));
        if (map != null) {
            Files.copy(map, to.resolve("coverage-map.tsv"), StandardCopyOption.REPLACE_EXISTING);
            CoverageMap m = CoverageMap.read(map);
            String report = m.report(covered);
            Files.writeString(to.resolve("coverage.txt"), report);
            sb.append(report.lines().findFirst().orElse("")).append('\n');
        }
        for (String l : leftOut) {
            sb.append(l).append('\n');
        }
        sb.append("failures: ").append(reproducers.size()).append(" different\n");
        for (Map.Entry<String, Path> e : reproducers.entrySet()) {
            Path target = to.resolve(e.getValue().getFileName());
            Files.copy(e.getValue(), target, StandardCopyOption.REPLACE_EXISTING);
            sb.append("  ").append(e.getKey()).append("\n    reproducer: ").append(target).append('\n');
        }
        Files.writeString(to.resolve("summary.txt"), sb.toString());
        return sb.toString();
    }

    private static List<Path> list(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    /** A reproducer's "// signature: ..." header line (its file name if it has none). */
    static String signature(Path repro) throws IOException {
        for (String line : Files.readAllLines(repro)) {
            if (line.startsWith("// signature: ")) {
                return line.substring("// signature: ".length());
            }
        }
        return repro.getFileName().toString();
    }

    private static long steps(Path repro) throws IOException {
        return oolong.campaign.prog.JshParser.parse(Files.readString(repro)).size();
    }
}
