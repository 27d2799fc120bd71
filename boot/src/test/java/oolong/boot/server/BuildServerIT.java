package oolong.boot.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build server builds, from nothing (a work directory of its own), the images `mvn package`
 * built earlier in this run, byte for byte; on the way its TeaVM, in this JVM, translates the
 * kernel to the C the build's TeaVM wrote in another JVM, byte for byte (TeaVM's numbering comes
 * out in a stable order: oolong.boot.teavm.StableClassOrder). A second build finds nothing to do.
 */
@Timeout(1200)
class BuildServerIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path MAVEN_IMAGES = ROOT.resolve("boot/target/images");
    private static final Path MAVEN_C = ROOT.resolve("boot/target/native/kernel/c");

    @TempDir
    Path dir;

    @Test
    void theServersImagesAreMavensAndATranslationInAnotherJvmGivesTheSameC() throws Exception {
        assertTrue(Files.exists(MAVEN_IMAGES.resolve("kernel.elf")), "mvn package built the images first");
        BuildServer server = new BuildServer(ROOT, dir.resolve("native"), dir.resolve("images"));
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        String outcome = server.build(new PrintStream(text, true, StandardCharsets.UTF_8));
        String shown = text.toString(StandardCharsets.UTF_8);
        assertEquals("ok", outcome, shown);
        assertTrue(shown.contains("[oolong-build] images built in "), shown);

        Path c = dir.resolve("native/kernel/c");
        assertEquals(files(MAVEN_C), files(c), "the same C files");
        List<String> differing = new ArrayList<>();
        for (String f : files(MAVEN_C)) {
            if (!Arrays.equals(Files.readAllBytes(MAVEN_C.resolve(f)), Files.readAllBytes(c.resolve(f)))) {
                differing.add(f);
            }
        }
        assertEquals(List.of(), differing, "C files that differ between the two translations");
        for (String image : List.of("kernel.elf", "user.elf")) {
            assertTrue(Arrays.equals(Files.readAllBytes(MAVEN_IMAGES.resolve(image)), Files.readAllBytes(dir.resolve("images").resolve(image))),
                    image + ": the server's is Maven's byte for byte");
        }

        text.reset();
        PrintStream stdout = System.out;
        PrintStream captured = new PrintStream(text, true, StandardCharsets.UTF_8);
        System.setOut(captured);      /* the image builder prints its steps there, as in the server */
        try {
            assertEquals("ok", server.build(captured));
        } finally {
            System.setOut(stdout);
        }
        shown = text.toString(StandardCharsets.UTF_8);
        assertTrue(shown.contains("javac: nothing changed") && shown.contains("translate up to date")
                && shown.contains("compile 0,") && shown.contains("link up to date"), shown);
    }

    private static TreeSet<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
