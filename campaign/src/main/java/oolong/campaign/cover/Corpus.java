package oolong.campaign.cover;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import oolong.campaign.prog.JshEncoder;
import oolong.campaign.prog.JshParser;
import oolong.campaign.prog.Program;
import oolong.campaign.prog.Validator;

/**
 * The programs that found kernel blocks nothing before them had covered, kept to be mutated (as
 * syzkaller keeps its corpus), with the coverage they all reached. Each program is a file
 * {@code corpus/ID.jsh}, a runnable REPL script; a later round or another shard reads the
 * directory back (merging corpora is copying files: the id is the program's hash). Thread-safe.
 */
public final class Corpus {
    private final Map<String, Program> programs = new LinkedHashMap<>();
    private final BitSet covered = new BitSet();
    private final Path dir;

    /** A corpus whose new programs are written to dir (null: kept in memory only). */
    public Corpus(Path dir) throws IOException {
        this.dir = dir;
        if (dir != null) {
            Files.createDirectories(dir);
        }
    }

    /** Reads the programs of a corpus directory (made valid: a file from an older kernel may have steps that no longer run). */
    public static List<Program> load(Path dir) throws IOException {
        List<Program> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jsh")).sorted().toList()) {
                Program p = Validator.validate(JshParser.parse(Files.readString(f)));
                if (p.size() > 0) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    /** Adds a program without coverage (from an earlier round). */
    public synchronized void seed(Program p) {
        programs.putIfAbsent(p.id(), p);
    }

    public synchronized void addCoverage(BitSet blocks) {
        covered.or(blocks);
    }

    /**
     * Offers a run's coverage: if it has blocks the corpus has not covered, the program joins the
     * corpus (and its file is written). Returns how many blocks were new.
     */
    public synchronized int offer(Program p, BitSet blocks) throws IOException {
        if (blocks == null) {
            return 0;
        }
        BitSet fresh = (BitSet) blocks.clone();
        fresh.andNot(covered);
        int n = fresh.cardinality();
        if (n > 0) {
            covered.or(blocks);
            if (programs.putIfAbsent(p.id(), p) == null && dir != null) {
                Files.writeString(dir.resolve(p.id() + ".jsh"), JshEncoder.encode(p));
            }
        }
        return n;
    }

    public synchronized List<Program> programs() {
        return new ArrayList<>(programs.values());
    }

    public synchronized int size() {
        return programs.size();
    }

    public synchronized BitSet covered() {
        return (BitSet) covered.clone();
    }
}
