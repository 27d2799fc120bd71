package oolong.boot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import oolong.introspect.debug.DebugInfo;
import oolong.introspect.debug.FieldLayout;
import oolong.introspect.debug.StructLayout;
import oolong.introspect.program.Image;
import oolong.kernel.arch.UserContext;
import org.junit.jupiter.api.Test;

/**
 * The debug information the build wrote beside the images: TeaVM's names for the kernel's
 * methods and classes, and layouts that agree with what the kernel's Java already assumes about
 * its C structures (UserContext's offsets into struct user_context).
 */
class DebugInfoIT {
    @Test
    void namesMapCFunctionsToJavaMethodsBothWays() throws Exception {
        Image kernel = Image.load(QemuRun.IMAGES, "kernel");
        DebugInfo d = kernel.debug();
        List<String> kill = d.cFunctions("oolong.kernel.proc.Processes.kill");
        assertEquals(1, kill.size(), kill.toString());
        long address = kernel.requireAddress(kill.get(0));
        assertEquals("oolong.kernel.proc.Processes.kill(Process, long) + 0x10",
                kernel.symbolize(address + 0x10).orElseThrow().toString());
        assertTrue(kernel.inText(address));
        assertEquals("oolong.kernel.proc.Process", d.classOfVtable("okp_Process_Cls").orElseThrow());
        assertTrue(Image.load(QemuRun.IMAGES, "user").debug().cFunctions("oolong.user.Main.run").size() >= 1);
    }

    @Test
    void theSavedRegistersLayoutIsTheOneTheKernelsJavaUses() throws Exception {
        StructLayout uc = Image.load(QemuRun.IMAGES, "kernel").debug().struct("user_context");
        assertEquals(UserContext.RAX, uc.offset("rax"));
        assertEquals(UserContext.RBP, uc.offset("rbp"));
        assertEquals(UserContext.RIP, uc.offset("rip"));
        assertEquals(UserContext.RSP, uc.offset("rsp"));
        assertEquals(UserContext.RFLAGS, uc.offset("rflags"));
        assertEquals(UserContext.FS_BASE, uc.offset("fs_base"));
        assertEquals(UserContext.CR2, uc.offset("cr2"));
        assertEquals(UserContext.FXSAVE, uc.offset("fxsave"));
    }

    @Test
    void everyProcessFieldHasAPlaceInItsObject() throws Exception {
        DebugInfo d = Image.load(QemuRun.IMAGES, "kernel").debug();
        List<FieldLayout> fields = d.allFields("oolong.kernel.proc.Process");
        assertTrue(fields.stream().map(FieldLayout::name).toList().containsAll(
                List.of("pid", "cid", "program", "parent", "child", "sibling", "state", "exitCode", "sched")), fields.toString());
        long header = d.struct("TeaVM_Object").size();
        for (FieldLayout f : fields) {
            assertTrue(f.offset() >= header && f.offset() + f.size() <= d.classLayout("oolong.kernel.proc.Process").size(),
                    f.toString());
        }
        assertEquals(4, d.field("oolong.kernel.proc.Process", "pid").size());
        assertEquals("Ljava/lang/String;", d.field("oolong.kernel.proc.Process", "program").descriptor());
    }
}
