package oolong.api.sched.vm;

import oolong.api.sched.RunQueue;

/**
 * The interpreter's calls to the run-queue API, by the id the verifier resolved
 * ({@link CallTargets#QUEUE_METHODS}). Each is one interface call, O(1) in the kernel. The queue
 * checks its own indices; whatever it throws becomes a {@link PolicyFault} naming the method the
 * policy called badly.
 */
final class QueueCalls {
    private QueueCalls() {
    }

    /**
     * Calls method `id` with the receiver and arguments on top of the stack (slots below sp);
     * leaves the result where the receiver was and returns the new stack pointer.
     */
    static int call(RunQueue q, int id, long[] s, int sp, PolicyInterpreter vm, int mi, int pc) {
        try {
            switch (id) {
                case 0 -> s[sp - 1] = q.size();
                case 1 -> s[sp - 1] = q.current();
                case 2 -> s[sp - 2] = q.pid((int) s[sp - 1]);
                case 3 -> s[sp - 2] = q.parentPid((int) s[sp - 1]);
                case 4 -> s[sp - 2] = q.depth((int) s[sp - 1]);
                case 5 -> s[sp - 2] = q.nice((int) s[sp - 1]);
                case 6 -> s[sp - 2] = q.weight((int) s[sp - 1]);
                case 7 -> s[sp - 2] = q.cpuMicros((int) s[sp - 1]);
                case 8 -> s[sp - 2] = q.waiting((int) s[sp - 1]);
                case 9 -> s[sp - 2] = q.sinceRun((int) s[sp - 1]);
                case 10 -> s[sp - 1] = q.now();
                case 11 -> s[sp - 3] = q.scratch((int) s[sp - 2], (int) s[sp - 1]);
                case 12 -> q.setScratch((int) s[sp - 4], (int) s[sp - 3], s[sp - 2]);
                case 13 -> s[sp - 2] = q.global((int) s[sp - 1]);
                case 14 -> q.setGlobal((int) s[sp - 3], s[sp - 2]);
                case 15 -> s[sp - 2] = q.random((int) s[sp - 1]);
                case 16 -> q.setSlice((int) s[sp - 1]);
                default -> throw vm.fault(mi, pc, "called an unknown run-queue method");
            }
        } catch (PolicyFault e) {
            throw e;
        } catch (RuntimeException e) {
            String msg = e.getMessage();
            throw vm.fault(mi, pc, "passed a bad argument to q." + CallTargets.queueMethodName(id) + ": "
                    + (msg == null ? e.getClass().getName() : msg));
        }
        // Stack effect: receiver + arguments popped, result pushed (slots as in the descriptor).
        return switch (id) {
            case 0, 1 -> sp;                  // q -> int
            case 2, 3, 4, 5, 6, 15 -> sp - 1; // q, int -> int
            case 7, 8, 9, 13 -> sp;           // q, int -> long
            case 10 -> sp + 1;                // q -> long
            case 11 -> sp - 1;                // q, int, int -> long
            case 12 -> sp - 5;                // q, int, int, long -> void
            case 14 -> sp - 4;                // q, int, long -> void
            default -> sp - 2;                // q, int -> void (setSlice)
        };
    }
}
