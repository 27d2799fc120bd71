package oolong.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No main Java file of any module is over 600 lines (the project's layout rule): a file that grows
 * past it is split into parts of one concern each, as Processes was into Pipes, Sleepers, HandleIds
 * and UserInterrupts. Test sources are not counted.
 */
class FileSizeTest {
    static final int MAX_LINES = 600;
    /** The repository's root, seen from kernel/os where this test runs. */
    static final Path ROOT = Path.of("../..");

    static List<Path> mainSources() throws IOException {
        try (Stream<Path> all = Files.walk(ROOT)) {
            return all.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> p.toString().replace('\\', '/').contains("/src/main/java/"))
                    .filter(p -> !p.toString().replace('\\', '/').contains("/target/"))
                    .collect(Collectors.toList());
        }
    }

    static long lines(Path p) {
        try (Stream<String> s = Files.lines(p)) {
            return s.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void noMainJavaFileIsOver600Lines() throws IOException {
        List<Path> sources = mainSources();
        /* the walk really sees every module: the kernel, its API, the user image and the host side */
        for (String module : List.of("kernel/os", "kernel/api", "kernel/user", "boot", "qmp", "repl", "introspect",
                "campaign")) {
            assertTrue(sources.stream().anyMatch(p -> ROOT.relativize(p).toString().replace('\\', '/')
                    .startsWith(module + "/src/main/java/")), "no sources found in " + module);
        }
        List<String> tooLong = sources.stream().filter(p -> lines(p) > MAX_LINES)
                .map(p -> ROOT.relativize(p) + " (" + lines(p) + " lines)").sorted().collect(Collectors.toList());
        assertEquals(List.of(), tooLong, "main Java files over " + MAX_LINES + " lines: split them by concern");
    }
}
