package oolong.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import oolong.boot.teavm.PatchedTeaVMLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A clean translation of the kernel gives, byte for byte, the C that the build translated (in
 * another JVM, earlier in this Maven run): TeaVM's class tags, call-site ids and string-pool
 * indices come out in a stable order (oolong.boot.teavm.StableClassOrder). Without that, two
 * translations of the same classes differed in a dozen to forty C files.
 */
class ReproducibleTranslationIT {
    private static final Path BUILT = Path.of("target/native/kernel/c");

    @TempDir
    Path work;

    /** Run inside the patched loader, as ImageBuilder runs: translates the kernel into {@code work}. */
    public static void translate(Path work) throws IOException {
        new JavaToC(ImageSpec.kernel(32L << 20), work, ReproducibleTranslationIT.class.getClassLoader()).run();
    }

    @Test
    void aCleanTranslationGivesTheBuildsCByteForByte() throws Exception {
        assertTrue(Files.exists(BUILT.resolve("all.txt")), "the build translated the kernel into " + BUILT);
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (PatchedTeaVMLoader loader = PatchedTeaVMLoader.forClassPath()) {
            Thread.currentThread().setContextClassLoader(loader);
            loader.loadClass(ReproducibleTranslationIT.class.getName()).getMethod("translate", Path.class).invoke(null, work);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
        Path fresh = work.resolve("c");
        assertEquals(files(BUILT), files(fresh), "the same C files");
        List<String> differing = new ArrayList<>();
        for (String f : files(BUILT)) {
            if (!Arrays.equals(Files.readAllBytes(BUILT.resolve(f)), Files.readAllBytes(fresh.resolve(f)))) {
                differing.add(f);
            }
        }
        assertEquals(List.of(), differing, "C files that differ between two clean translations");
    }

    private static TreeSet<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString())
                    .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        }
    }
}
