package oolong.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class StructDefinitionsTest {
    @Test
    void findsTypedefAndPlainStructuresWithTheirMembersAndConditions() {
        List<StructDefinitions.Struct> found = StructDefinitions.parse(List.of(
                "#ifndef GUARD_H",
                "#define GUARD_H",
                "/* a comment block",
                "   typedef struct Fake { int x; } Fake;  (not code) */",
                "typedef struct TeaVM_Class {",
                "    int32_t size; // a comment",
                "    #if TEAVM_CLASS_NAME_USED",
                "        TeaVM_Object** name;",
                "    #else",
                "        void* noName;",
                "    #endif",
                "    int32_t (*isSupertypeOf)(struct TeaVM_Class*,struct TeaVM_Class*);",
                "    void (*init)();",
                "} TeaVM_Class;",
                "#if TEAVM_USE_SETJMP",
                "struct trap_frame {",
                "    uint64_t r15, r14, *r13;",
                "    uint8_t fxsave[512] __attribute__((aligned(16)));",
                "    union { int a; long b; } u;",
                "    uint64_t ss;",
                "};",
                "#endif",
                "#endif"));
        assertEquals(2, found.size());
        StructDefinitions.Struct cls = found.get(0);
        assertEquals("TeaVM_Class", cls.cType());
        assertEquals("1", cls.condition(), "an include guard is no condition");
        assertEquals(List.of("size", "name", "noName", "isSupertypeOf", "init"),
                cls.members().stream().map(StructDefinitions.Member::name).toList());
        assertEquals("(TEAVM_CLASS_NAME_USED)", cls.members().get(1).condition());
        assertEquals("(!(TEAVM_CLASS_NAME_USED))", cls.members().get(2).condition());
        StructDefinitions.Struct tf = found.get(1);
        assertEquals("struct trap_frame", tf.cType());
        assertEquals("(TEAVM_USE_SETJMP)", tf.condition());
        assertEquals(List.of("r15", "r14", "r13", "fxsave", "ss"), tf.members().stream().map(StructDefinitions.Member::name).toList());
    }
}
