package oolong.boot.teavm;

import java.util.ArrayList;
import java.util.List;
import org.teavm.model.BasicBlock;
import org.teavm.model.ClassHolder;
import org.teavm.model.ClassHolderTransformer;
import org.teavm.model.ClassHolderTransformerContext;
import org.teavm.model.Instruction;
import org.teavm.model.MethodHolder;
import org.teavm.model.MethodReference;
import org.teavm.model.Program;
import org.teavm.model.TextLocation;
import org.teavm.model.ValueType;
import org.teavm.model.instructions.IntegerConstantInstruction;
import org.teavm.model.instructions.InvocationType;
import org.teavm.model.instructions.InvokeInstruction;

/**
 * Kernel coverage, at build time (the switch is ImageBuilder's {@code kernel-coverage} image):
 * every basic block of every method of the kernel's own classes starts with a call to
 * {@code oolong.kernel.coverage.Coverage.hit(n)}, n numbering the blocks of the whole image
 * from 0, and {@code Coverage.instrumented()} is rewritten to return true so that the kernel
 * allocates its counters. Which numbers belong to which method (and source line) is recorded in
 * {@link CoverageMap} and written beside the image, so the host can report coverage per method
 * and package.
 *
 * The blocks are TeaVM's, after it has parsed the bytecode (one per jump target, exception
 * handler and fall-through), before its optimisations: a block TeaVM later removes as dead is
 * never counted, and one it inlines is counted under its own method wherever it lands.
 */
public final class CoverageTransformer implements ClassHolderTransformer {
    static final String COUNTERS = "oolong.kernel.coverage.Coverage";

    @Override
    public void transformClass(ClassHolder cls, ClassHolderTransformerContext context) {
        String name = cls.getName();
        if (name.equals(COUNTERS)) {
            markInstrumented(cls);
            return;
        }
        if (!instrumented(name)) {
            return;
        }
        for (MethodHolder method : cls.getMethods()) {
            Program program = method.getProgram();
            if (program != null && program.basicBlockCount() > 0) {
                instrument(program, name, method.getDescriptor().toString());
            }
        }
    }

    /** The kernel's own code (and the API it shares with the host), not the counters, the runtime or the class library. */
    static boolean instrumented(String className) {
        return (className.startsWith("oolong.kernel.") || className.startsWith("oolong.api."))
                && !className.startsWith("oolong.kernel.coverage.");
    }

    static void instrument(Program program, String className, String method) {
        int blocks = program.basicBlockCount();
        int first = CoverageMap.allocate(blocks);
        int[] lines = new int[blocks];
        for (int i = 0; i < blocks; i++) {
            BasicBlock block = program.basicBlockAt(i);
            lines[i] = firstLine(block);
            IntegerConstantInstruction id = new IntegerConstantInstruction();
            id.setConstant(first + i);
            id.setReceiver(program.createVariable());
            InvokeInstruction hit = new InvokeInstruction();
            hit.setType(InvocationType.SPECIAL);
            hit.setMethod(new MethodReference(COUNTERS, "hit", ValueType.INTEGER, ValueType.VOID));
            hit.setArguments(id.getReceiver());
            Instruction head = block.getFirstInstruction();
            if (head != null) {
                TextLocation where = head.getLocation();
                id.setLocation(where);
                hit.setLocation(where);
                head.insertPrevious(id);
                head.insertPrevious(hit);
            } else {
                block.add(id);
                block.add(hit);
            }
        }
        CoverageMap.record(className, method, first, lines);
    }

    private static int firstLine(BasicBlock block) {
        for (Instruction insn : block) {
            if (insn.getLocation() != null && insn.getLocation().getLine() > 0) {
                return insn.getLocation().getLine();
            }
        }
        return 0;
    }

    /** {@code instrumented()} returns {@code false}: every integer constant in it becomes 1 (true). */
    private static void markInstrumented(ClassHolder cls) {
        for (MethodHolder method : cls.getMethods()) {
            if (!method.getName().equals("instrumented") || method.getProgram() == null) {
                continue;
            }
            List<IntegerConstantInstruction> constants = new ArrayList<>();
            Program p = method.getProgram();
            for (int i = 0; i < p.basicBlockCount(); i++) {
                for (Instruction insn : p.basicBlockAt(i)) {
                    if (insn instanceof IntegerConstantInstruction c) {
                        constants.add(c);
                    }
                }
            }
            if (constants.size() != 1) {
                throw new IllegalStateException("Coverage.instrumented() should be 'return false;' (one constant), found "
                        + constants.size());
            }
            constants.get(0).setConstant(1);
        }
    }
}
