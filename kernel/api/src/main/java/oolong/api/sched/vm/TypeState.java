package oolong.api.sched.vm;

import static oolong.api.sched.vm.Types.INT;
import static oolong.api.sched.vm.Types.LONG;
import static oolong.api.sched.vm.Types.LONG2;
import static oolong.api.sched.vm.Types.EVENT;
import static oolong.api.sched.vm.Types.MAPS;
import static oolong.api.sched.vm.Types.QUEUE;
import static oolong.api.sched.vm.Types.THIS;
import static oolong.api.sched.vm.Types.TOP;

/**
 * The abstract frame the data-flow check runs on: the type of every local and stack entry at
 * one instruction. Every operation checks what the instruction may assume (an int where it pops
 * an int, a long as two halves that stay together, max_stack and max_locals respected) and
 * refuses the class through {@link TypeFlow#bad} otherwise, so that a proven instruction needs
 * no check at run time.
 *
 * Layout: locals in [0, maxLocals), the stack above them, as in the interpreter's frames.
 */
final class TypeState {
    final TypeFlow flow;
    final int maxLocals;
    final int maxStack;
    /** Locals, then the stack: maxLocals + maxStack entries, of which maxLocals + sp are live. */
    final byte[] cur;
    int sp;

    TypeState(TypeFlow flow, int maxLocals, int maxStack) {
        this.flow = flow;
        this.maxLocals = maxLocals;
        this.maxStack = maxStack;
        this.cur = new byte[maxLocals + maxStack];
    }

    /** Takes over a recorded frame (the state on entry to an instruction). */
    void restore(byte[] frame, int depth) {
        System.arraycopy(frame, 0, cur, 0, cur.length);
        sp = depth;
    }

    void push(byte t) {
        if (sp >= maxStack) {
            throw flow.bad("the stack would exceed max_stack " + maxStack);
        }
        cur[maxLocals + sp++] = t;
    }

    /** Pushes a value of a descriptor type: two slots for a long, none for void (TOP). */
    void pushType(byte t) {
        if (t == LONG) {
            push(LONG);
            push(LONG2);
        } else if (t != TOP) {
            push(t);
        }
    }

    byte pop() {
        if (sp <= 0) {
            throw flow.bad("pops from an empty stack");
        }
        return cur[maxLocals + --sp];
    }

    void popInt() {
        if (pop() != INT) {
            throw flow.bad("expected an int on the stack");
        }
    }

    void popLong() {
        if (pop() != LONG2 || pop() != LONG) {
            throw flow.bad("expected a long on the stack");
        }
    }

    void popType(byte t) {
        if (t == LONG) {
            popLong();
        } else if (t == INT) {
            popInt();
        } else if (pop() != t) {
            throw flow.bad("expected " + (t == QUEUE ? "the run queue" : t == EVENT ? "the event" : t == MAPS ? "the maps" : "this")
                    + " on the stack");
        }
    }

    /** Pops a call's arguments, last first (parameters in slot order, as from {@link Descriptors#parameters}). */
    void popParams(byte[] params) {
        for (int i = params.length - 1; i >= 0; i--) {
            byte t = params[i];
            if (t == LONG2) {
                popLong();
                i--;
            } else {
                popType(t);
            }
        }
    }

    /** The type of stack entry i counted from the bottom (0) — entries above sp are stale. */
    byte stack(int i) {
        return cur[maxLocals + i];
    }

    byte local(int i) {
        if (i < 0 || i >= maxLocals) {
            throw flow.bad("local " + i + " is outside max_locals " + maxLocals);
        }
        return cur[i];
    }

    /** Writes a local; overwriting either half of a long leaves the other half unusable. */
    void setLocal(int i, byte t) {
        int width = t == LONG ? 2 : 1;
        if (i < 0 || i + width > maxLocals) {
            throw flow.bad("local " + i + " is outside max_locals " + maxLocals);
        }
        if (cur[i] == LONG2 && i > 0) {
            cur[i - 1] = TOP;
        }
        if (cur[i + width - 1] == LONG && i + width < maxLocals) {
            cur[i + width] = TOP;
        }
        cur[i] = t;
        if (t == LONG) {
            cur[i + 1] = LONG2;
        }
    }

    /** iload, lload, aload: the local must hold what the instruction reads. */
    void load(int i, byte want) {
        byte t = local(i);
        if (want == LONG) {
            if (t != LONG || local(i + 1) != LONG2) {
                throw flow.bad("reads local " + i + " as a long, but it does not hold one");
            }
            push(LONG);
            push(LONG2);
        } else if (want == INT) {
            if (t != INT) {
                throw flow.bad("reads local " + i + " as an int, but it does not hold one");
            }
            push(INT);
        } else {
            if (!Types.isReference(t)) {
                throw flow.bad("reads local " + i + " as a reference, but it does not hold one");
            }
            push(t);
        }
    }

    /** istore, lstore, astore. */
    void store(int i, byte want) {
        if (want == LONG) {
            popLong();
            setLocal(i, LONG);
        } else if (want == INT) {
            popInt();
            setLocal(i, INT);
        } else {
            byte t = pop();
            if (!Types.isReference(t)) {
                throw flow.bad("stores a non-reference with astore");
            }
            setLocal(i, t);
        }
    }

    /** After a raw stack shuffle, halves of a long must still sit together. */
    void checkPairs() {
        for (int i = 0; i < sp; i++) {
            byte t = cur[maxLocals + i];
            if (t == LONG && (i + 1 >= sp || cur[maxLocals + i + 1] != LONG2)) {
                throw flow.bad("splits a long on the stack");
            }
            if (t == LONG2 && (i == 0 || cur[maxLocals + i - 1] != LONG)) {
                throw flow.bad("splits a long on the stack");
            }
        }
    }

    /** Raw shuffle: takes the top k entries and inserts copies of them `depth` entries further down. */
    void dup(int k, int depth) {
        if (sp < k + depth) {
            throw flow.bad("stack underflow in dup");
        }
        if (sp + k > maxStack) {
            throw flow.bad("the stack would exceed max_stack " + maxStack);
        }
        int base = maxLocals;
        // ... [depth entries][k entries] -> ... [k entries][depth entries][k entries]
        byte[] top = new byte[k + depth];
        System.arraycopy(cur, base + sp - k - depth, top, 0, k + depth);
        System.arraycopy(top, depth, cur, base + sp - k - depth, k);
        System.arraycopy(top, 0, cur, base + sp - depth, k + depth);
        sp += k;
        checkPairs();
    }
}
