package oolong.api.sched.jit;

import oolong.api.sched.RunQueue;

/**
 * The call-out table: what compiled code can ask of the world outside it, by id. Today these are
 * the run-queue methods a policy may call, with the ids the verifier gives them
 * ({@code CompilerView.queueMethod(id)}); an interface added to the policy VM later (events,
 * maps) becomes more ids here and nothing changes in the machine code's side of the ABI, which
 * only stores an id and arguments and yields ({@link JitAbi}).
 *
 * Each call is the same interface call the interpreter's QueueCalls makes, so the run queue
 * checks its own arguments for both, and its exceptions become the same fault.
 */
final class CallOuts {
    private CallOuts() {
    }

    /** Calls out id with up to three arguments (ints passed sign-extended); returns the result (0 for void). */
    static long call(RunQueue q, int id, long a0, long a1, long a2) {
        switch (id) {
            case 0: return q.size();
            case 1: return q.current();
            case 2: return q.pid((int) a0);
            case 3: return q.parentPid((int) a0);
            case 4: return q.depth((int) a0);
            case 5: return q.nice((int) a0);
            case 6: return q.weight((int) a0);
            case 7: return q.cpuMicros((int) a0);
            case 8: return q.waiting((int) a0);
            case 9: return q.sinceRun((int) a0);
            case 10: return q.now();
            case 11: return q.scratch((int) a0, (int) a1);
            case 12:
                q.setScratch((int) a0, (int) a1, a2);
                return 0;
            case 13: return q.global((int) a0);
            case 14:
                q.setGlobal((int) a0, a1);
                return 0;
            case 15: return q.random((int) a0);
            case 16:
                q.setSlice((int) a0);
                return 0;
            default:
                throw new IllegalStateException("unknown call-out " + id);
        }
    }
}
