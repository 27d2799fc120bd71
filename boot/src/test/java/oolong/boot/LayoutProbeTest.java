package oolong.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The layout probe measures what gcc does: its numbers must equal those of a program compiled by
 * the same gcc that prints offsetof and sizeof itself, including a member the configuration
 * leaves out.
 */
class LayoutProbeTest {
    @TempDir
    Path dir;

    @Test
    void measuresStructuresAsTheCompilerLaysThemOut() throws Exception {
        Path c = dir.resolve("c");
        Files.createDirectories(c.resolve("classes/x"));
        Files.writeString(c.resolve("runtime.h"), "#pragma once\n#include <stdint.h>\n#define TEAVM_FEATURE 0\n"
                + "typedef struct TeaVM_Object { int32_t header; int32_t hash; } TeaVM_Object;\n");
        Files.writeString(c.resolve("stack.h"), "#pragma once\n");
        Files.writeString(c.resolve("core.h"), "#pragma once\n#include <stdint.h>\n"
                + "typedef struct TeaVM_Array {\n    TeaVM_Object parent;\n    int32_t size;\n} TeaVM_Array;\n");
        Files.writeString(c.resolve("classes/x/Thing.h"), "#pragma once\n#include \"../../runtime.h\"\n"
                + "typedef struct cls_x_Thing {\n    struct TeaVM_Object parent;\n    int8_t fld_flag;\n    int64_t fld_big;\n"
                + "    #if TEAVM_FEATURE\n    int32_t fld_optional;\n    #endif\n    void* fld_next;\n} cls_x_Thing;\n");
        Path include = dir.resolve("include");
        Files.createDirectories(include.resolve("oolong"));
        Files.writeString(include.resolve("oolong/regs.h"), "#pragma once\n#include <stdint.h>\n"
                + "struct regs {\n    uint64_t rax, rbx;\n    uint8_t pad[3];\n    uint64_t rip;\n};\n");

        LayoutProbe probe = LayoutProbe.of(c, include, List.of("oolong/regs.h"));
        Path source = dir.resolve("layout.c");
        /* core.h is not included by the probe itself: the class headers come through runtime.h, as TeaVM's do */
        Files.writeString(source, probe.source().replace("#include \"runtime.h\"", "#include \"runtime.h\"\n#include \"core.h\""));
        Toolchain tools = Toolchain.detect();
        CCompiler cc = new CCompiler(tools, 1);
        List<String> flags = new ArrayList<>(cc.baseFlags());
        flags.addAll(List.of("-iquote", c.toString(), "-iquote", include.toString(), "-w"));
        Path object = dir.resolve("layout.o");
        cc.compileAll(List.of(new CCompiler.Job(source, object, flags)));
        Map<String, LayoutProbe.Layout> measured = new java.util.HashMap<>();
        for (LayoutProbe.Layout l : probe.read(object)) {
            measured.put(l.name(), l);
        }

        Path check = dir.resolve("check.c");
        Files.writeString(check, "#include <stdio.h>\n#include <stddef.h>\n#include \"runtime.h\"\n#include \"core.h\"\n"
                + "#include \"classes/x/Thing.h\"\n#include \"oolong/regs.h\"\n"
                + "int main(void) { printf(\"%zu %zu %zu %zu %zu %zu %zu\\n\", sizeof(cls_x_Thing), offsetof(cls_x_Thing, fld_flag),"
                + " offsetof(cls_x_Thing, fld_big), offsetof(cls_x_Thing, fld_next), sizeof(struct regs),"
                + " offsetof(struct regs, rip), offsetof(TeaVM_Array, size)); return 0; }\n");
        Path exe = dir.resolve("check");
        Process p = new ProcessBuilder("gcc", "-iquote", c.toString(), "-iquote", include.toString(), check.toString(), "-o",
                exe.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), log);
        Process run = new ProcessBuilder(exe.toString()).start();
        String[] truth = new String(run.getInputStream().readAllBytes()).trim().split(" ");
        run.waitFor();

        LayoutProbe.Layout thing = measured.get("cls_x_Thing");
        assertEquals(Long.parseLong(truth[0]), thing.size());
        assertEquals(Long.parseLong(truth[1]), thing.members().get("fld_flag")[0]);
        assertEquals(1, thing.members().get("fld_flag")[1]);
        assertEquals(Long.parseLong(truth[2]), thing.members().get("fld_big")[0]);
        assertEquals(Long.parseLong(truth[3]), thing.members().get("fld_next")[0]);
        assertFalse(thing.members().containsKey("fld_optional"), "left out by #if TEAVM_FEATURE");
        assertEquals(Long.parseLong(truth[4]), measured.get("regs").size());
        assertEquals(Long.parseLong(truth[5]), measured.get("regs").members().get("rip")[0]);
        assertEquals(Long.parseLong(truth[6]), measured.get("TeaVM_Array").members().get("size")[0]);
    }
}
