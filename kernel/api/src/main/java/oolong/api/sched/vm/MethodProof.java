package oolong.api.sched.vm;

/**
 * What the data-flow check proved about one method, instruction by instruction: where
 * instructions start, which are reached and which are branch targets, and for each reached
 * instruction the stack depth and the type of every local and stack entry on entry to it.
 *
 * The interpreter relies on these facts without seeing them (it never checks a type, a depth or
 * a target); a compiler of verified code would read them here, e.g. to keep ints and longs in
 * registers of the right width and to start a block at every branch target. They are not kept
 * with an installed policy — a large method's proof is hundreds of kilobytes, the kernel's heap is
 * small — but derived again on demand ({@link VerifiedPolicy#proof}), which is cheap and gives the
 * same answer, since verification is deterministic.
 */
final class MethodProof {
    private final int maxLocals;
    private final int maxStack;
    private final boolean[] start;
    private final boolean[] branchTarget;
    private final byte[][] frames;
    private final int[] depths;

    MethodProof(int maxLocals, int maxStack, boolean[] start, boolean[] branchTarget, byte[][] frames, int[] depths) {
        this.maxLocals = maxLocals;
        this.maxStack = maxStack;
        this.start = start;
        this.branchTarget = branchTarget;
        this.frames = frames;
        this.depths = depths;
    }

    int codeLength() {
        return start.length;
    }

    int maxLocals() {
        return maxLocals;
    }

    int maxStack() {
        return maxStack;
    }

    /** Whether an instruction starts at pc (every branch target does). */
    boolean isInstruction(int pc) {
        return start[pc];
    }

    /** Whether some path from the entry reaches the instruction at pc (dead code is not checked). */
    boolean isReached(int pc) {
        return depths[pc] >= 0;
    }

    /** Whether a branch, goto or switch jumps to pc. */
    boolean isBranchTarget(int pc) {
        return branchTarget[pc];
    }

    /** Stack entries (a long counts two) on entry to the instruction at pc; -1 if it is not reached. */
    int stackDepth(int pc) {
        return depths[pc];
    }

    /** The {@link Types} type of local i on entry to the reached instruction at pc. */
    byte local(int pc, int i) {
        return frames[pc][i];
    }

    /** The {@link Types} type of stack entry i (0 is the bottom) on entry to the reached instruction at pc. */
    byte stack(int pc, int i) {
        if (i < 0 || i >= depths[pc]) {
            throw new IndexOutOfBoundsException("stack entry " + i + " of " + depths[pc] + " at " + pc);
        }
        return frames[pc][maxLocals + i];
    }

    /** The entry state at pc as text, e.g. {@code locals [this, queue, int] stack [long, long2]}. */
    String describe(int pc) {
        if (!isReached(pc)) {
            return "not reached";
        }
        StringBuilder b = new StringBuilder("locals [");
        for (int i = 0; i < maxLocals; i++) {
            b.append(i > 0 ? ", " : "").append(Types.name(frames[pc][i]));
        }
        b.append("] stack [");
        for (int i = 0; i < depths[pc]; i++) {
            b.append(i > 0 ? ", " : "").append(Types.name(frames[pc][maxLocals + i]));
        }
        return b.append(']').toString();
    }
}
