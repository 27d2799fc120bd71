package oolong.boot.teavm;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import oolong.boot.guest.GcCompaction;
import org.teavm.model.ClassHolder;
import org.teavm.model.ClassHolderTransformer;
import org.teavm.model.ClassHolderTransformerContext;
import org.teavm.model.FieldHolder;
import org.teavm.model.FieldReference;
import org.teavm.model.Instruction;
import org.teavm.model.MethodDescriptor;
import org.teavm.model.MethodHolder;
import org.teavm.model.MethodReference;
import org.teavm.model.Program;
import org.teavm.model.ValueType;
import org.teavm.model.instructions.GetFieldInstruction;
import org.teavm.model.instructions.InvocationType;
import org.teavm.model.instructions.InvokeInstruction;
import org.teavm.model.instructions.PutFieldInstruction;

/**
 * Makes TeaVM 0.16's collector ask {@link GcCompaction} whether to compact (since issue 13 it
 * compacts every collection, as TeaVM's own GC does; the uncompacted path and why it is off:
 * {@link GcCompaction}). Two changes to {@code org.teavm.runtime.GC}: in
 * {@code doCollectGarbage} the call to {@code defragment()} becomes a call to
 * {@link GcCompaction#compactOrPromote}, and {@code collectGarbageImpl(int size)} first tells
 * {@link GcCompaction#noteRequest} its size. In {@link GcCompaction} itself every use of a
 * {@code gc...} placeholder is pointed at the GC's private member of that name (TeaVM's C output
 * has no access control), and the placeholders are removed.
 *
 * Fails the build if the GC does not have the expected shape (another TeaVM version): the
 * patch must then be checked again.
 */
public final class GcCompactionTransformer implements ClassHolderTransformer {
    static final String GC = "org.teavm.runtime.GC";
    static final String HELPER = GcCompaction.class.getName();
    private static final String PREFIX = "gc";
    /** The placeholders, by their names in the GC. */
    private static final Set<String> GC_METHODS = Set.of("defragment", "hasAvailableChunk", "availableBytes",
            "heapAddress", "cardTable", "getRegionCount", "moveObjectsToOldGenerationInRegion");
    private static final Set<String> GC_FIELDS = Set.of("isFullGC");

    @Override
    public void transformClass(ClassHolder cls, ClassHolderTransformerContext context) {
        if (cls.getName().equals(GC)) {
            patchCollector(cls);
        } else if (cls.getName().equals(HELPER)) {
            bindPlaceholders(cls);
        }
    }

    private static void patchCollector(ClassHolder gc) {
        MethodHolder collect = gc.getMethod(new MethodDescriptor("doCollectGarbage", ValueType.VOID));
        MethodHolder impl = gc.getMethod(new MethodDescriptor("collectGarbageImpl", ValueType.INTEGER, ValueType.VOID));
        if (collect == null || collect.getProgram() == null || impl == null || impl.getProgram() == null) {
            throw new IllegalStateException(shapeChanged("doCollectGarbage() or collectGarbageImpl(int) is missing"));
        }
        int replaced = 0;
        for (Instruction insn : instructions(collect.getProgram())) {
            if (insn instanceof InvokeInstruction call && call.getMethod().getClassName().equals(GC)
                    && call.getMethod().getName().equals("defragment")) {
                call.setMethod(new MethodReference(HELPER, "compactOrPromote", ValueType.VOID));
                replaced++;
            }
        }
        if (replaced != 1) {
            throw new IllegalStateException(shapeChanged("doCollectGarbage() calls defragment() " + replaced + " times"));
        }
        Program program = impl.getProgram();
        InvokeInstruction note = new InvokeInstruction();
        note.setType(InvocationType.SPECIAL);
        note.setMethod(new MethodReference(HELPER, "noteRequest", ValueType.INTEGER, ValueType.VOID));
        note.setArguments(program.variableAt(1));   /* variable 0 stands for `this`, absent in a static method */
        program.basicBlockAt(0).addFirst(note);
    }

    private static void bindPlaceholders(ClassHolder helper) {
        List<MethodHolder> placeholders = new ArrayList<>();
        int bound = 0;
        for (MethodHolder method : helper.getMethods()) {
            if (isPlaceholder(method.getName(), GC_METHODS)) {
                placeholders.add(method);
                continue;
            }
            if (method.getProgram() == null) {
                continue;
            }
            for (Instruction insn : instructions(method.getProgram())) {
                if (insn instanceof InvokeInstruction call && call.getMethod().getClassName().equals(HELPER)
                        && isPlaceholder(call.getMethod().getName(), GC_METHODS)) {
                    call.setMethod(new MethodReference(GC, gcName(call.getMethod().getName()),
                            call.getMethod().getSignature()));
                    bound++;
                } else if (insn instanceof GetFieldInstruction get && get.getField().getClassName().equals(HELPER)
                        && isPlaceholder(get.getField().getFieldName(), GC_FIELDS)) {
                    get.setField(new FieldReference(GC, gcName(get.getField().getFieldName())));
                    bound++;
                } else if (insn instanceof PutFieldInstruction put && put.getField().getClassName().equals(HELPER)
                        && isPlaceholder(put.getField().getFieldName(), GC_FIELDS)) {
                    put.setField(new FieldReference(GC, gcName(put.getField().getFieldName())));
                    bound++;
                }
            }
        }
        if (placeholders.size() != GC_METHODS.size() || bound == 0) {
            throw new IllegalStateException("GcCompaction's placeholders changed: found " + placeholders.size()
                    + " of " + GC_METHODS.size() + ", bound " + bound + " uses");
        }
        placeholders.forEach(helper::removeMethod);
        for (FieldHolder field : new ArrayList<>(helper.getFields())) {
            if (isPlaceholder(field.getName(), GC_FIELDS)) {
                helper.removeField(field);
            }
        }
    }

    /** gcDefragment -> defragment, gcIsFullGC -> isFullGC. */
    static String gcName(String placeholder) {
        String rest = placeholder.substring(PREFIX.length());
        return Character.toLowerCase(rest.charAt(0)) + rest.substring(1);
    }

    private static boolean isPlaceholder(String name, Set<String> gcNames) {
        return name.startsWith(PREFIX) && name.length() > PREFIX.length()
                && Character.isUpperCase(name.charAt(PREFIX.length())) && gcNames.contains(gcName(name));
    }

    private static List<Instruction> instructions(Program program) {
        List<Instruction> all = new ArrayList<>();
        for (int i = 0; i < program.basicBlockCount(); i++) {
            program.basicBlockAt(i).forEach(all::add);
        }
        return all;
    }

    private static String shapeChanged(String what) {
        return "cannot patch " + GC + "'s compaction: " + what
                + "; the TeaVM version changed, re-check GcCompactionTransformer";
    }
}
