package oolong.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime's memory layer (runtime/memory.c) on the host, compiled with gcc (its malloc, free
 * and mmap renamed so that they do not replace the C library's): where the Java heap's reservation
 * and malloc land in both layouts, and that running out of either stops with its message. The
 * reservation is mapped as TeaVM maps it for the user image's 4 MiB heap (heap, work area, region
 * table, card table; regions of 2 KiB), into {@link ImageSpec#userMapBytes}.
 */
class RuntimeMemoryTest {
    private static final long HEAP = 4L << 20;
    private static final long ARENA = ImageSpec.arenaBytes(HEAP);

    private static final String DRIVER = """
            #include <stdio.h>
            #include <stdlib.h>
            #include <string.h>
            #include "runtime/memory.c"
            _Noreturn void rt_fatal(const char *what) { printf("fatal: %s\\n", what); fflush(stdout); exit(3); }
            static uint8_t arena[ARENA] __attribute__((aligned(4096)));
            static void *map(size_t n) { return mmap(0, n, 0, 0, -1, 0); }
            static long at(void *p) { return (long)((uint8_t *)p - arena); }
            int main(int argc, char **argv) {
                const char *mode = argv[1];
                if (!strcmp(mode, "first")) rt_memory_init_maps_first(arena, ARENA, MAP_BYTES, 0);
                else rt_memory_init(arena, ARENA, 0);
                long regions = HEAP / 2048 + 1;
                void *heap = map(HEAP), *work = map(HEAP / 16), *table = map(regions * 2), *cards = map(regions);
                void *m = malloc(100);
                printf("heap=%ld work=%ld regions=%ld cards=%ld malloc=%ld\\n", at(heap), at(work), at(table),
                       at(cards), at(m));
                fflush(stdout);
                if (argc > 2 && !strcmp(argv[2], "map-more")) map(64 << 10);
                if (argc > 2 && !strcmp(argv[2], "malloc-all")) malloc(ARENA - MAP_BYTES);
                return 0;
            }
            """;

    @TempDir
    Path dir;
    Path exe;

    @BeforeEach
    void build() throws Exception {
        Toolchain tools = Toolchain.detect();
        Path native_ = Path.of("src/main/native").toAbsolutePath();
        Path driver = dir.resolve("driver.c");
        Files.writeString(driver, DRIVER);
        exe = dir.resolve("memory-test");
        List<String> cmd = new java.util.ArrayList<>(List.of(tools.gcc.toString(), "-O1", "-std=gnu11", "-w",
                "-DHEAP=" + HEAP + "L", "-DARENA=" + ARENA + "L", "-DMAP_BYTES=" + ImageSpec.userMapBytes(HEAP) + "L"));
        for (String f : List.of("malloc", "free", "calloc", "realloc", "posix_memalign", "aligned_alloc", "mmap", "munmap",
                "mprotect")) {
            cmd.add("-D" + f + "=rt_test_" + f);
        }
        cmd.addAll(List.of("-I", native_.resolve("include").toString(), "-I", native_.toString(), driver.toString(), "-o",
                exe.toString()));
        Process cc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(cc.waitFor(60, TimeUnit.SECONDS) && cc.exitValue() == 0, out);
    }

    private record Run(int status, String out, Map<String, Long> at) {
    }

    private Run run(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(exe.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        Map<String, Long> at = new HashMap<>();
        for (String field : out.lines().findFirst().orElse("").split(" ")) {
            String[] kv = field.split("=");
            if (kv.length == 2 && kv[1].matches("-?\\d+")) {
                at.put(kv[0], Long.parseLong(kv[1]));
            }
        }
        return new Run(p.exitValue(), out, at);
    }

    /** The user image's layout: the GC's tables lowest, then the heap, then malloc. */
    @Test
    void mapsFirstPutsTheTablesAndTheHeapsStartAtTheBottom() throws Exception {
        Run r = run("first");
        assertEquals(0, r.status(), r.out());
        long split = ImageSpec.userMapBytes(HEAP);
        assertEquals(split - HEAP, r.at().get("heap"), "the heap ends where malloc begins: " + r.out());
        assertEquals(r.at().get("heap") - HEAP / 16, r.at().get("work"), r.out());
        assertTrue(r.at().get("cards") >= 0 && r.at().get("cards") < r.at().get("regions"), r.out());
        assertTrue(r.at().get("cards") < 64 << 10, "the card table within the arena's first 64 KiB: " + r.out());
        assertTrue(r.at().get("malloc") >= split && r.at().get("malloc") < split + 4096, r.out());
    }

    @Test
    void mapsFirstStopsAtEitherEnd() throws Exception {
        Run more = run("first", "map-more");
        assertEquals(3, more.status(), more.out());
        assertTrue(more.out().contains("fatal: out of memory reserving the Java heap"), more.out());
        Run all = run("first", "malloc-all");
        assertEquals(3, all.status(), all.out());
        assertTrue(all.out().contains("fatal: out of memory in malloc"), all.out());
    }

    /** The kernel's layout, unchanged: the reservation from the top, malloc from the bottom. */
    @Test
    void theDefaultLayoutMapsFromTheTop() throws Exception {
        Run r = run("default");
        assertEquals(0, r.status(), r.out());
        assertEquals(ARENA - HEAP, r.at().get("heap"), r.out());
        assertTrue(r.at().get("cards") > r.at().get("malloc"), r.out());
        assertTrue(r.at().get("malloc") < 4096, r.out());
    }
}
