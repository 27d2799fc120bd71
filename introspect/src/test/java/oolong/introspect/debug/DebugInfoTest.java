package oolong.introspect.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DebugInfoTest {
    static final List<String> SAMPLE = List.of(
            "# sample",
            "method\tmeth_okp_Processes_kill\toolong.kernel.proc.Processes\tkill\t(Loolong/kernel/proc/Process;J)V",
            "method\tmeth_okp_Processes_kill_0\toolong.kernel.proc.Processes\tkill\t(I)V",
            "method\tmeth_oks_Other_kill\toolong.kernel.sched.Other\tkill\t()V",
            "class\tjava.lang.Enum\tcls_jl_Enum\tjl_Enum_Cls\tjava.lang.Object",
            "class\toolong.kernel.proc.ProcessState\tcls_okp_ProcessState\tokp_ProcessState_Cls\tjava.lang.Enum",
            "class\tjava.lang.Object\tTeaVM_Object\tjl_Object_Cls\t-",
            "class\tint[]\t-\tArr_I_Cls\tjava.lang.Object",
            "field\tjava.lang.Enum\tname\tLjava/lang/String;\tfld_name",
            "field\tjava.lang.Enum\tordinal\tI\tfld_ordinal",
            "field\toolong.kernel.proc.ProcessState\tdropped\tI\tfld_dropped",
            "static\toolong.kernel.debug.DebugRoots\tmachine\tLoolong/kernel/core/Machine;\tsfld_okd_DebugRoots_machine",
            "struct\tcls_jl_Enum\t24",
            "member\tcls_jl_Enum\tparent\t0\t8",
            "member\tcls_jl_Enum\tfld_name\t8\t8",
            "member\tcls_jl_Enum\tfld_ordinal\t16\t4",
            "struct\tcls_okp_ProcessState\t24",
            "member\tcls_okp_ProcessState\tparent\t0\t24",
            "lines\toolong.kernel.proc.Processes\tkill\t(Loolong/kernel/proc/Process;J)V\toolong/kernel/proc/Processes.java\t270\t320",
            "lines\toolong.kernel.proc.Processes\tlambda$kill$0\t()V\toolong/kernel/proc/Processes.java\t300\t302");

    @Test
    void mapsCNamesAndJavaNamesBothWays() {
        DebugInfo d = DebugInfo.parse(SAMPLE);
        assertEquals("oolong.kernel.proc.Processes.kill(Process, long)", d.method("meth_okp_Processes_kill").orElseThrow().toString());
        assertEquals(List.of("meth_okp_Processes_kill", "meth_okp_Processes_kill_0"), d.cFunctions("Processes.kill"));
        assertEquals(List.of("meth_okp_Processes_kill", "meth_okp_Processes_kill_0"),
                d.cFunctions("oolong.kernel.proc.Processes.kill"));
        assertEquals(List.of("meth_oks_Other_kill"), d.cFunctions("Other.kill"));
        assertEquals("meth_okp_Processes_kill_0", d.cFunction(new JavaMethod("oolong.kernel.proc.Processes", "kill", "(I)V"))
                .orElseThrow());
        assertEquals("int[]", d.classOfVtable("Arr_I_Cls").orElseThrow());
        assertEquals("sfld_okd_DebugRoots_machine", d.staticSymbol("oolong.kernel.debug.DebugRoots", "machine"));
    }

    @Test
    void findsInheritedFieldsAtTheirOffsetsAndDropsWhatTheStructureLacks() {
        DebugInfo d = DebugInfo.parse(SAMPLE);
        assertEquals(16, d.field("oolong.kernel.proc.ProcessState", "ordinal").offset());
        assertEquals("String", d.field("oolong.kernel.proc.ProcessState", "name").typeName().replace("java.lang.", ""));
        assertEquals(List.of("name", "ordinal"),
                d.allFields("oolong.kernel.proc.ProcessState").stream().map(FieldLayout::name).toList());
        assertThrows(IllegalArgumentException.class, () -> d.field("oolong.kernel.proc.ProcessState", "dropped"));
    }

    @Test
    void aLineBelongsToTheInnermostMethodAroundIt() {
        DebugInfo d = DebugInfo.parse(SAMPLE);
        assertEquals("kill", d.methodAtLine("/build/obj/oolong/kernel/proc/Processes.java", 275).orElseThrow().name());
        assertEquals("lambda$kill$0", d.methodAtLine("oolong/kernel/proc/Processes.java", 301).orElseThrow().name());
        assertTrue(d.methodAtLine("oolong/kernel/proc/Processes.java", 400).isEmpty());
    }

    @Test
    void aMalformedLineNamesItsNumber() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DebugInfo.parse(List.of("# x", "member\tcls\tfld\tnot-a-number\t4")));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }
}
