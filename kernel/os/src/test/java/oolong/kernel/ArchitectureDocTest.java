package oolong.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/architecture.md names files, tests and methods — above all in its recipes for adding a
 * system call, an agent operation and a built-in policy — and each must exist, or the recipe
 * sends a newcomer nowhere: every quoted path (`kernel/os/.../core/Syscalls.java`, "..." standing
 * for any folders; the boot stub's files from boot/src/main/native), every test class (`SyscallsTest`, `SchedIT`) and every `Class.member` whose
 * class is the project's.
 */
class ArchitectureDocTest {
    static final Path ROOT = Path.of("../..");
    /** The boot stub's C and assembly, which the page names from there (`kernel/entry.c`, `include/oolong/...`). */
    static final String NATIVE = "boot/src/main/native/";

    @Test
    void everyFileTestAndMemberTheArchitecturePageNamesExists() throws IOException {
        String doc = Files.readString(ROOT.resolve("docs/architecture.md"));
        List<Path> sources;
        try (Stream<Path> all = Files.walk(ROOT)) {
            sources = all.filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/.git/"))
                    .filter(Files::isRegularFile).toList();
        }
        List<String> missing = new ArrayList<>();
        Pattern path = Pattern.compile("^[a-z]+(/[\\w.]+)*/(\\.\\.\\./)?([\\w/]+/)?\\w+\\.(java|h|c|S|md)$");
        Pattern test = Pattern.compile("^[A-Z]\\w*(Test|IT|Properties)$");
        Pattern member = Pattern.compile("^([A-Z]\\w*)\\.([a-z]\\w*|[A-Z][A-Z_]+)$");
        for (Matcher m = Pattern.compile("`([^`\\s]+)`").matcher(doc); m.find(); ) {
            String t = m.group(1);
            if (path.matcher(t).matches()) {
                String[] halves = t.split("/\\.\\.\\./");
                boolean found = sources.stream().map(p -> ROOT.relativize(p).toString().replace('\\', '/'))
                        .anyMatch(p -> halves.length == 1 ? p.equals(t) || p.equals(NATIVE + t)
                                : p.startsWith(halves[0] + "/") && p.endsWith("/" + halves[1]));
                if (!found) {
                    missing.add("file " + t);
                }
            } else if (test.matcher(t).matches()) {
                if (sources.stream().noneMatch(p -> p.getFileName().toString().equals(t + ".java"))) {
                    missing.add("test " + t);
                }
            } else {
                Matcher mm = member.matcher(t);
                if (mm.matches()) {
                    List<Path> classes = sources.stream()
                            .filter(p -> p.getFileName().toString().equals(mm.group(1) + ".java")).toList();
                    if (!classes.isEmpty() && classes.stream().noneMatch(p -> read(p).contains(mm.group(2)))) {
                        missing.add("member " + t);
                    }
                }
            }
        }
        assertEquals(List.of(), missing, "docs/architecture.md names what does not exist");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
