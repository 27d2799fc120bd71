package oolong.boot.teavm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import oolong.boot.guest.JavaChecks;
import org.teavm.model.BasicBlock;
import org.teavm.model.ClassHolder;
import org.teavm.model.ClassHolderTransformer;
import org.teavm.model.ClassHolderTransformerContext;
import org.teavm.model.Instruction;
import org.teavm.model.MethodHolder;
import org.teavm.model.MethodReference;
import org.teavm.model.Program;
import org.teavm.model.ValueType;
import org.teavm.model.Variable;
import org.teavm.model.instructions.BinaryInstruction;
import org.teavm.model.instructions.BinaryOperation;
import org.teavm.model.instructions.ConstructArrayInstruction;
import org.teavm.model.instructions.ConstructMultiArrayInstruction;
import org.teavm.model.instructions.IntegerConstantInstruction;
import org.teavm.model.instructions.InvocationType;
import org.teavm.model.instructions.InvokeInstruction;
import org.teavm.model.instructions.LongConstantInstruction;
import org.teavm.model.instructions.NumericOperandType;
import org.teavm.model.util.DefinitionExtractor;

/**
 * Gives translated code Java's semantics where TeaVM's C backend does not (see {@link JavaChecks}):
 * integer division and remainder become calls to the checked versions (divisions by a constant
 * other than 0 and -1 stay plain C divisions), every array creation checks its size first, and
 * shift counts are masked as Java masks them. TeaVM's own runtime (org.teavm.*) is left alone: it runs where a Java exception
 * cannot be thrown (inside the GC) and never divides by zero.
 */
public final class JavaChecksTransformer implements ClassHolderTransformer {
    private static final String HELPER = JavaChecks.class.getName();

    @Override
    public void transformClass(ClassHolder cls, ClassHolderTransformerContext context) {
        if (cls.getName().equals(HELPER) || cls.getName().startsWith("org.teavm.")) {
            return;
        }
        for (MethodHolder method : cls.getMethods()) {
            Program program = method.getProgram();
            if (program != null) {
                transform(program);
            }
        }
    }

    static void transform(Program program) {
        Map<Variable, Long> constants = constants(program);
        for (int i = 0; i < program.basicBlockCount(); i++) {
            List<Instruction> instructions = new ArrayList<>();
            program.basicBlockAt(i).forEach(instructions::add);    /* replace() relinks the block */
            for (Instruction insn : instructions) {
                if (insn instanceof ConstructArrayInstruction) {
                    checkSize(insn, ((ConstructArrayInstruction) insn).getSize());
                    continue;
                }
                if (insn instanceof ConstructMultiArrayInstruction) {
                    for (Variable dimension : ((ConstructMultiArrayInstruction) insn).getDimensions()) {
                        checkSize(insn, dimension);
                    }
                    continue;
                }
                if (!(insn instanceof BinaryInstruction)) {
                    continue;
                }
                BinaryInstruction binary = (BinaryInstruction) insn;
                BinaryOperation op = binary.getOperation();
                NumericOperandType type = binary.getOperandType();
                if (op == BinaryOperation.SHIFT_LEFT || op == BinaryOperation.SHIFT_RIGHT
                        || op == BinaryOperation.SHIFT_RIGHT_UNSIGNED) {
                    maskShiftCount(program, binary, type == NumericOperandType.LONG ? 63 : 31, constants);
                    continue;
                }
                if ((op != BinaryOperation.DIVIDE && op != BinaryOperation.MODULO)
                        || (type != NumericOperandType.INT && type != NumericOperandType.LONG)) {
                    continue;
                }
                Long divisor = constants.get(binary.getSecondOperand());
                if (divisor != null && divisor != 0 && divisor != -1) {
                    continue;
                }
                ValueType vt = type == NumericOperandType.INT ? ValueType.INTEGER : ValueType.LONG;
                InvokeInstruction call = new InvokeInstruction();
                call.setType(InvocationType.SPECIAL);
                call.setMethod(new MethodReference(HELPER, op == BinaryOperation.DIVIDE ? "divide" : "remainder",
                        vt, vt, vt));
                call.setArguments(binary.getFirstOperand(), binary.getSecondOperand());
                call.setReceiver(binary.getReceiver());
                call.setLocation(binary.getLocation());
                binary.replace(call);
            }
        }
    }

    /**
     * Java uses only the low 5 (int) or 6 (long) bits of a shift count; C leaves larger counts
     * undefined. Unless the count is a constant already in range, insert {@code count & mask}.
     */
    private static void maskShiftCount(Program program, BinaryInstruction shift, int mask, Map<Variable, Long> constants) {
        Long count = constants.get(shift.getSecondOperand());
        if (count != null && count >= 0 && count <= mask) {
            return;
        }
        IntegerConstantInstruction maskValue = new IntegerConstantInstruction();
        maskValue.setConstant(mask);
        maskValue.setReceiver(program.createVariable());
        maskValue.setLocation(shift.getLocation());
        BinaryInstruction and = new BinaryInstruction(BinaryOperation.AND, NumericOperandType.INT);
        and.setFirstOperand(shift.getSecondOperand());
        and.setSecondOperand(maskValue.getReceiver());
        and.setReceiver(program.createVariable());
        and.setLocation(shift.getLocation());
        shift.insertPrevious(maskValue);
        shift.insertPrevious(and);
        shift.setSecondOperand(and.getReceiver());
    }

    private static void checkSize(Instruction allocation, Variable size) {
        InvokeInstruction call = new InvokeInstruction();
        call.setType(InvocationType.SPECIAL);
        call.setMethod(new MethodReference(HELPER, "arraySize", ValueType.INTEGER, ValueType.VOID));
        call.setArguments(size);
        call.setLocation(allocation.getLocation());
        allocation.insertPrevious(call);
    }

    /** Variables assigned exactly once, by an integer or long constant. */
    private static Map<Variable, Long> constants(Program program) {
        Map<Variable, Long> values = new HashMap<>();
        Map<Variable, Integer> definitions = new HashMap<>();
        DefinitionExtractor extractor = new DefinitionExtractor();
        for (int i = 0; i < program.basicBlockCount(); i++) {
            BasicBlock block = program.basicBlockAt(i);
            block.getPhis().forEach(phi -> definitions.merge(phi.getReceiver(), 1, Integer::sum));
            if (block.getExceptionVariable() != null) {
                definitions.merge(block.getExceptionVariable(), 1, Integer::sum);
            }
            for (Instruction insn : block) {
                insn.acceptVisitor(extractor);
                for (Variable v : extractor.getDefinedVariables()) {
                    definitions.merge(v, 1, Integer::sum);
                }
                if (insn instanceof IntegerConstantInstruction) {
                    IntegerConstantInstruction c = (IntegerConstantInstruction) insn;
                    values.put(c.getReceiver(), (long) c.getConstant());
                } else if (insn instanceof LongConstantInstruction) {
                    LongConstantInstruction c = (LongConstantInstruction) insn;
                    values.put(c.getReceiver(), c.getConstant());
                }
            }
        }
        values.keySet().removeIf(v -> definitions.getOrDefault(v, 0) != 1);
        return values;
    }
}
