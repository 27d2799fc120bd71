package oolong.api.sched.vm;

import static oolong.api.sched.vm.Types.EVENT;
import static oolong.api.sched.vm.Types.INT;
import static oolong.api.sched.vm.Types.LONG;
import static oolong.api.sched.vm.Types.LONG2;
import static oolong.api.sched.vm.Types.MAPS;
import static oolong.api.sched.vm.Types.QUEUE;
import static oolong.api.sched.vm.Types.TOP;

/**
 * Method descriptors read as the verifier's types: which parameter and return types a policy's
 * methods may have (int and its narrower kinds, long, the run queue; void for results), refused
 * with the method's name otherwise.
 */
final class Descriptors {
    private Descriptors() {
    }

    /** The parameters' types in local-slot order (a long takes LONG, LONG2). */
    static byte[] parameters(String display, ClassFile.Method m, String desc) {
        byte[] out = new byte[2 * PolicyVerifier.MAX_LOCALS];
        int n = 0;
        int i = 1;
        if (desc.isEmpty() || desc.charAt(0) != '(') {
            throw reject(display, m, ": malformed descriptor " + desc);
        }
        while (i < desc.length() && desc.charAt(i) != ')') {
            char c = desc.charAt(i);
            if (n + 2 > out.length) {
                throw reject(display, m, ": too many parameters");
            }
            switch (c) {
                case 'I', 'Z', 'B', 'C', 'S' -> {
                    out[n++] = INT;
                    i++;
                }
                case 'J' -> {
                    out[n++] = LONG;
                    out[n++] = LONG2;
                    i++;
                }
                case 'L' -> {
                    int end = desc.indexOf(';', i);
                    String type = end < 0 ? desc : desc.substring(i + 1, end);
                    byte t = type.equals(PolicyVerifier.RUN_QUEUE) ? QUEUE
                            : type.equals(ExtensionKind.EVENT) ? EVENT : type.equals(ExtensionKind.MAPS) ? MAPS : TOP;
                    if (t == TOP) {
                        throw reject(display, m, ": parameter of type " + PolicyVerifier.dotted(type)
                                + " is not allowed (int, long, boolean, short, char, byte and RunQueue are;"
                                + " Event and Maps in probes and patches)");
                    }
                    out[n++] = t;
                    i = end + 1;
                }
                default -> throw reject(display, m, ": parameter type '" + c
                        + "' is not allowed (int, long, boolean, short, char, byte and RunQueue are)");
            }
        }
        if (i >= desc.length()) {
            throw reject(display, m, ": malformed descriptor " + desc);
        }
        byte[] r = new byte[n];
        System.arraycopy(out, 0, r, 0, n);
        return r;
    }

    /** The result's type: INT, LONG, or TOP for void. */
    static byte returnType(String display, ClassFile.Method m, String desc) {
        int close = desc.indexOf(')');
        String r = close < 0 ? "" : desc.substring(close + 1);
        switch (r) {
            case "I", "Z", "B", "C", "S":
                return INT;
            case "J":
                return LONG;
            case "V":
                return TOP;
            default:
                throw reject(display, m, ": return type " + r + " is not allowed (int, long, boolean, short, char, byte or void)");
        }
    }

    private static PolicyRejected reject(String display, ClassFile.Method m, String what) {
        return new PolicyRejected(display + "." + m.name + what);
    }
}
