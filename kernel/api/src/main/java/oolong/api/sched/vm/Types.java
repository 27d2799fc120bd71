package oolong.api.sched.vm;

/**
 * The verifier's abstract values: what a stack entry or a local holds, as the data-flow check
 * proves it for every instruction. Longs take two slots, as in the JVM, so that the interpreter
 * can use the same slot numbers the class file uses.
 */
final class Types {
    /** Nothing usable: unset, or different types on different paths into an instruction. */
    static final byte TOP = 0;
    static final byte INT = 1;
    /** First half of a long. */
    static final byte LONG = 2;
    /** Second half of a long. */
    static final byte LONG2 = 3;
    /** The policy object itself (the receiver of an instance method). */
    static final byte THIS = 4;
    /** The run queue the kernel passes to pick. */
    static final byte QUEUE = 5;
    /** The event a probe or a patch is given. */
    static final byte EVENT = 6;
    /** The maps a probe or a patch is given. */
    static final byte MAPS = 7;

    private Types() {
    }

    /** For proofs printed in tests and messages. */
    static String name(byte t) {
        switch (t) {
            case INT: return "int";
            case LONG: return "long";
            case LONG2: return "long2";
            case THIS: return "this";
            case QUEUE: return "queue";
            case EVENT: return "event";
            case MAPS: return "maps";
            default: return "top";
        }
    }

    static boolean isReference(byte t) {
        return t == THIS || t == QUEUE || t == EVENT || t == MAPS;
    }
}
