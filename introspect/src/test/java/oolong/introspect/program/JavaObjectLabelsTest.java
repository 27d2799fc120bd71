package oolong.introspect.program;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import oolong.introspect.debug.DebugInfo;
import org.junit.jupiter.api.Test;

/**
 * A Process shows two fields called pid: SchedEntity's, which Process hides, and its own. The
 * hidden one is labelled as Java reaches it, "SchedEntity.pid", so the two are told apart (and
 * fields() keeps both instead of one overwriting the other).
 */
class JavaObjectLabelsTest {
    static final List<String> SAMPLE = List.of(
            "class\tjava.lang.Object\tTeaVM_Object\tjl_Object_Cls\t-",
            "class\toolong.kernel.sched.SchedEntity\tcls_oks_SchedEntity\toks_SchedEntity_Cls\tjava.lang.Object",
            "class\toolong.kernel.proc.Process\tcls_okp_Process\tokp_Process_Cls\toolong.kernel.sched.SchedEntity",
            "field\toolong.kernel.sched.SchedEntity\tpid\tI\tfld_pid",
            "field\toolong.kernel.sched.SchedEntity\tppid\tI\tfld_ppid",
            "field\toolong.kernel.proc.Process\tpid\tI\tfld_pid_0",
            "field\toolong.kernel.proc.Process\tprogram\tLjava/lang/String;\tfld_program",
            "struct\tcls_oks_SchedEntity\t16",
            "member\tcls_oks_SchedEntity\tparent\t0\t8",
            "member\tcls_oks_SchedEntity\tfld_pid\t8\t4",
            "member\tcls_oks_SchedEntity\tfld_ppid\t12\t4",
            "struct\tcls_okp_Process\t32",
            "member\tcls_okp_Process\tparent\t0\t16",
            "member\tcls_okp_Process\tfld_pid_0\t16\t4",
            "member\tcls_okp_Process\tfld_program\t24\t8");

    @Test
    void aHiddenFieldIsNamedByItsClass() {
        DebugInfo d = DebugInfo.parse(SAMPLE);
        assertEquals(List.of("SchedEntity.pid", "ppid", "pid", "program"),
                JavaObject.labels(d.allFields("oolong.kernel.proc.Process")));
    }

    @Test
    void withoutHidingFieldsKeepTheirNames() {
        DebugInfo d = DebugInfo.parse(SAMPLE);
        assertEquals(List.of("pid", "ppid"), JavaObject.labels(d.allFields("oolong.kernel.sched.SchedEntity")));
    }
}
