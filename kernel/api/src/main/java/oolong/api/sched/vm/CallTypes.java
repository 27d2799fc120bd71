package oolong.api.sched.vm;

import static oolong.api.sched.vm.Opcodes.*;
import static oolong.api.sched.vm.Types.EVENT;
import static oolong.api.sched.vm.Types.INT;
import static oolong.api.sched.vm.Types.LONG;
import static oolong.api.sched.vm.Types.MAPS;
import static oolong.api.sched.vm.Types.QUEUE;
import static oolong.api.sched.vm.Types.THIS;
import static oolong.api.sched.vm.Types.TOP;

/**
 * Type step for calls and returns. A call may go only to the run queue's API
 * ({@link CallTargets#QUEUE_METHODS}, through invokeinterface), to the class's own methods (with
 * the invoke that matches static or not), or to the pure helpers of Math, Integer and Long; its
 * arguments are popped with their types and its result pushed. Each call site is resolved here,
 * once, into {@link TypeFlow#targets}, which is all the interpreter reads of it. A return must
 * match the method's declared result.
 */
final class CallTypes {
    private CallTypes() {
    }

    /** Applies the instruction at f.pc; returns whether it falls through (a call does, a return does not). */
    static boolean step(TypeFlow f, int op) {
        TypeState st = f.state;
        switch (op) {
            case IRETURN -> {
                if (f.returnType != INT) {
                    throw f.bad("returns an int from a method that does not return one");
                }
                st.popInt();
                return false;
            }
            case LRETURN -> {
                if (f.returnType != LONG) {
                    throw f.bad("returns a long from a method that does not return one");
                }
                st.popLong();
                return false;
            }
            case RETURN -> {
                if (f.returnType != TOP) {
                    throw f.bad("returns nothing from a method that returns a value");
                }
                return false;
            }
            case INVOKEVIRTUAL, INVOKESPECIAL, INVOKESTATIC, INVOKEINTERFACE -> {
                invoke(f, op);
                return true;
            }
            default -> throw f.bad("opcode " + op + " is not allowed");
        }
    }

    private static void invoke(TypeFlow f, int op) {
        ClassFile cf = f.cf;
        TypeState st = f.state;
        byte[] code = f.code;
        int ref = Bytecode.u2(code, f.pc + 1);
        int tag = cf.tag(ref);
        if (tag != ClassFile.METHODREF && tag != ClassFile.INTERFACE_METHODREF) {
            throw f.bad("invokes constant " + ref + ", which is not a method");
        }
        String owner = cf.memberOwner(ref);
        String name = cf.memberName(ref);
        String desc = cf.memberDescriptor(ref);
        String shown = PolicyVerifier.dotted(owner) + "." + name;
        if (op == INVOKEINTERFACE) {
            String[] table;
            byte receiver;
            int base;
            String api;
            if (owner.equals(PolicyVerifier.RUN_QUEUE)) {
                table = CallTargets.QUEUE_METHODS;
                receiver = QUEUE;
                base = CallTargets.QUEUE_CALL;
                api = "RunQueue";
            } else if (owner.equals(ExtensionKind.EVENT)) {
                table = CallTargets.EVENT_METHODS;
                receiver = EVENT;
                base = CallTargets.EVENT_CALL;
                api = "Event";
            } else if (owner.equals(ExtensionKind.MAPS)) {
                table = CallTargets.MAPS_METHODS;
                receiver = MAPS;
                base = CallTargets.MAPS_CALL;
                api = "Maps";
            } else {
                throw f.bad("calls " + shown + "; policies may call only RunQueue's methods (probes and patches only"
                        + " Event's and Maps'), their own methods and Math/Integer/Long helpers");
            }
            int id = CallTargets.indexOf(table, name + desc);
            if (id < 0) {
                throw f.bad("calls " + api + "." + name + desc + ", which is not part of the "
                        + (receiver == QUEUE ? "policy" : "extension") + " API");
            }
            int count = Bytecode.u1(code, f.pc + 3);
            byte[] params = Descriptors.parameters(f.display, f.m, desc);
            if (count != params.length + 1 || code[f.pc + 4] != 0) {
                throw f.bad("invokeinterface with a wrong argument count");
            }
            st.popParams(params);
            st.popType(receiver);
            st.pushType(Descriptors.returnType(f.display, f.m, desc));
            record(f, ref, base + id);
            return;
        }
        if (tag == ClassFile.INTERFACE_METHODREF) {
            throw f.bad("calls interface method " + shown + " directly");
        }
        if (owner.equals(cf.name)) {
            int target = -1;
            for (int i = 0; i < cf.methods.length; i++) {
                if (cf.methods[i].name.equals(name) && cf.methods[i].descriptor.equals(desc)) {
                    target = i;
                }
            }
            if (target < 0 || name.equals("<init>")) {
                throw f.bad("calls " + f.display + "." + name + desc + ", which "
                        + (target < 0 ? "does not exist" : "is a constructor"));
            }
            boolean isStatic = cf.methods[target].isStatic();
            if (isStatic != (op == INVOKESTATIC)) {
                throw f.bad("calls " + f.display + "." + name + " with the wrong kind of invoke");
            }
            st.popParams(Descriptors.parameters(f.display, f.m, desc));
            if (!isStatic) {
                st.popType(THIS);
            }
            st.pushType(f.returns[target]);
            record(f, ref, CallTargets.OWN + target);
            return;
        }
        if (op == INVOKESTATIC) {
            int id = CallTargets.indexOf(CallTargets.HELPERS, owner + "." + name + desc);
            if (id >= 0) {
                st.popParams(Descriptors.parameters(f.display, f.m, desc));
                st.pushType(Descriptors.returnType(f.display, f.m, desc));
                record(f, ref, CallTargets.HELPER_CALL + id);
                return;
            }
        }
        throw f.bad("calls " + shown + "; policies may call only RunQueue's methods, their own methods and "
                + "Math.max/min/abs/floorMod/floorDiv, Integer/Long.compare/signum/bitCount");
    }

    /** One constant, one meaning: the interpreter finds a call's target by the constant alone. */
    private static void record(TypeFlow f, int ref, int target) {
        if (f.targets[ref] != 0 && f.targets[ref] != target) {
            throw f.bad("constant " + ref + " is used for two different calls");
        }
        f.targets[ref] = target;
    }
}
