package oolong.boot.teavm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.teavm.model.ClassHolder;
import org.teavm.model.FieldReference;
import org.teavm.model.Instruction;
import org.teavm.model.MethodDescriptor;
import org.teavm.model.MethodHolder;
import org.teavm.model.MethodReference;
import org.teavm.model.Program;
import org.teavm.model.ReferenceCache;
import org.teavm.model.ValueType;
import org.teavm.model.instructions.GetFieldInstruction;
import org.teavm.model.instructions.InvokeInstruction;
import org.teavm.parsing.ClasspathClassHolderSource;
import org.teavm.parsing.ClasspathResourceProvider;

/** The patch to TeaVM 0.16's GC, on the classes TeaVM itself parses (the guest checks its effect: GcCompactionSelfTest). */
class GcCompactionTransformerTest {
    private static ClassHolder parse(String name) {
        ClassLoader loader = GcCompactionTransformerTest.class.getClassLoader();
        return new ClasspathClassHolderSource(new ClasspathResourceProvider(loader), new ReferenceCache(), loader).get(name);
    }

    private static List<MethodReference> calls(MethodHolder method) {
        List<MethodReference> calls = new ArrayList<>();
        for (Instruction insn : instructions(method.getProgram())) {
            if (insn instanceof InvokeInstruction call) {
                calls.add(call.getMethod());
            }
        }
        return calls;
    }

    private static List<Instruction> instructions(Program program) {
        List<Instruction> all = new ArrayList<>();
        for (int i = 0; i < program.basicBlockCount(); i++) {
            program.basicBlockAt(i).forEach(all::add);
        }
        return all;
    }

    @Test
    void theCollectorCallsThePolicyInsteadOfDefragmenting() {
        ClassHolder gc = parse(GcCompactionTransformer.GC);
        MethodHolder collect = gc.getMethod(new MethodDescriptor("doCollectGarbage", ValueType.VOID));
        MethodReference defragment = new MethodReference(GcCompactionTransformer.GC, "defragment", ValueType.VOID);
        MethodReference policy = new MethodReference(GcCompactionTransformer.HELPER, "compactOrPromote", ValueType.VOID);
        assertTrue(calls(collect).contains(defragment), "TeaVM's GC defragments at every collection");

        new GcCompactionTransformer().transformClass(gc, null);

        List<MethodReference> after = calls(collect);
        assertTrue(!after.contains(defragment) && after.contains(policy), after.toString());
        MethodHolder impl = gc.getMethod(new MethodDescriptor("collectGarbageImpl", ValueType.INTEGER, ValueType.VOID));
        Instruction first = impl.getProgram().basicBlockAt(0).getFirstInstruction();
        assertTrue(first instanceof InvokeInstruction call && call.getMethod().getName().equals("noteRequest")
                && call.getArguments().get(0) == impl.getProgram().variableAt(1), "the request size is noted first");
    }

    @Test
    void placeholdersBecomeTheCollectorsMembersAndDisappear() {
        ClassHolder helper = parse(GcCompactionTransformer.HELPER);
        new GcCompactionTransformer().transformClass(helper, null);

        MethodHolder policy = helper.getMethod(new MethodDescriptor("compactOrPromote", ValueType.VOID));
        List<String> gcCalls = new ArrayList<>();
        for (MethodReference call : calls(policy)) {
            assertTrue(!call.getClassName().equals(GcCompactionTransformer.HELPER), "still calls " + call);
            if (call.getClassName().equals(GcCompactionTransformer.GC)) {
                gcCalls.add(call.getName());
            }
        }
        assertTrue(gcCalls.containsAll(List.of("defragment", "hasAvailableChunk", "availableBytes", "heapAddress",
                "cardTable", "getRegionCount", "moveObjectsToOldGenerationInRegion")), gcCalls.toString());
        for (Instruction insn : instructions(policy.getProgram())) {
            if (insn instanceof GetFieldInstruction get) {
                FieldReference f = get.getField();
                assertTrue(!f.getFieldName().equals("gcIsFullGC"), "placeholder field still read");
            }
        }
        assertNull(helper.getMethod(new MethodDescriptor("gcDefragment", ValueType.VOID)));
        assertNull(helper.getField("gcIsFullGC"));
        assertEquals("moveObjectsToOldGenerationInRegion", GcCompactionTransformer.gcName("gcMoveObjectsToOldGenerationInRegion"));
    }

    @Test
    void anotherShapeOfTheCollectorFailsTheBuild() {
        ClassHolder gc = parse(GcCompactionTransformer.GC);
        GcCompactionTransformer transformer = new GcCompactionTransformer();
        transformer.transformClass(gc, null);
        /* patched once, the GC no longer calls defragment(): a second patch must refuse */
        assertThrows(IllegalStateException.class, () -> transformer.transformClass(gc, null));
    }
}
