package oolong.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import oolong.kernel.proc.bench.ModelBench;
import oolong.kernel.proc.bench.ProcessModelWorkload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The C side of the process-model benchmark: the seed's proc.c under seedbench.c, built and run. */
class SeedBuildTest {
    /** The seed folder beside the repository (tests run in the bench module's folder). */
    static final Path SEED = Path.of(System.getProperty("oolong.seed", "../../shared/seed"));

    @Test
    void theCodeIsWhatLiesBetweenTheBars() {
        String doc = "1\n2\n3\n|\n#include <kernel/proc.h>\n#include <stdint.h>\nint x;\n|\n";
        assertEquals("#include <kernel/proc.h>\n#include <stdint.h>\nint x;\n", SeedBuild.extractCode(doc));
        assertEquals(List.of("kernel/proc.h"), SeedBuild.kernelIncludes(SeedBuild.extractCode(doc)));
        assertThrows(IllegalArgumentException.class, () -> SeedBuild.extractCode("1\n2\nint x;\n"));
    }

    @Test
    @Timeout(120)
    void theSeedsProcCComputesTheJavaModelsChecksum(@TempDir Path tmp) throws Exception {
        Path exe = tmp.resolve("seedbench");
        SeedBuild.build(SEED, Path.of("src/main/c/seed"), tmp.resolve("work"), exe);
        String out = NativeBuildIT.run(List.of(exe.toString(), "3000"), 60);
        long expected = ProcessModelWorkload.referenceChecksums(3000, ModelBench.RUNS, 10)[0];
        assertTrue(out.contains("seedbench: result fork-kill-reap processes=3000 runs=3 ns/cycle="), out);
        assertTrue(out.contains(" checksum=" + Long.toHexString(expected) + "\n"), "checksum: " + out);
        assertTrue(out.contains("seedbench: check ok\n"), out);
    }
}
