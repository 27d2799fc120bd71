package oolong.api.sched.vm;

import oolong.api.probe.Event;
import oolong.api.probe.Maps;

/**
 * The interpreter's calls to a probe's or a patch's API, by the id the verifier resolved
 * ({@link CallTargets#EVENT_METHODS}, {@link CallTargets#MAPS_METHODS}): each one interface call,
 * O(1) in the kernel (a map update is a probe of a fixed-size open-addressed table). The event and
 * the maps check their own arguments (an arg index, a map index); whatever they throw becomes a
 * {@link PolicyFault} naming the method called badly, which detaches the extension.
 */
final class ExtensionCalls {
    private ExtensionCalls() {
    }

    /** Event method `id` with the receiver and arguments below sp; returns the new stack pointer. */
    static int event(Event e, int id, long[] s, int sp, PolicyInterpreter vm, int mi, int pc) {
        try {
            switch (id) {
                case 0 -> s[sp - 1] = e.pid();
                case 1 -> s[sp - 2] = e.arg((int) s[sp - 1]);
                case 2 -> s[sp - 1] = e.now();
                case 3 -> s[sp - 1] = e.hook();
                case 4 -> s[sp - 1] = e.nanos();
                default -> throw vm.fault(mi, pc, "called an unknown event method");
            }
        } catch (PolicyFault f) {
            throw f;
        } catch (RuntimeException x) {
            throw vm.fault(mi, pc, "passed a bad argument to e." + CallTargets.methodName(CallTargets.EVENT_METHODS, id)
                    + ": " + message(x));
        }
        return switch (id) {
            case 0, 3 -> sp;       // e -> int
            case 1 -> sp;          // e, int -> long
            default -> sp + 1;     // e -> long
        };
    }

    /** Maps method `id` with the receiver and arguments below sp; returns the new stack pointer. */
    static int maps(Maps m, int id, long[] s, int sp, PolicyInterpreter vm, int mi, int pc) {
        try {
            switch (id) {
                case 0 -> m.add((int) s[sp - 5], s[sp - 4], s[sp - 2]);
                case 1 -> s[sp - 4] = m.get((int) s[sp - 3], s[sp - 2]);
                case 2 -> m.put((int) s[sp - 5], s[sp - 4], s[sp - 2]);
                case 3 -> m.hist((int) s[sp - 3], s[sp - 2]);
                case 4 -> m.hist((int) s[sp - 5], s[sp - 4], s[sp - 2]);
                default -> throw vm.fault(mi, pc, "called an unknown maps method");
            }
        } catch (PolicyFault f) {
            throw f;
        } catch (RuntimeException x) {
            throw vm.fault(mi, pc, "passed a bad argument to m." + CallTargets.methodName(CallTargets.MAPS_METHODS, id)
                    + ": " + message(x));
        }
        return switch (id) {
            case 0, 2, 4 -> sp - 6;   // m, int, long, long -> void
            case 1 -> sp - 2;      // m, int, long -> long
            default -> sp - 4;     // m, int, long -> void (hist)
        };
    }

    private static String message(RuntimeException x) {
        String msg = x.getMessage();
        return msg == null ? x.getClass().getName() : msg;
    }
}
