package oolong.campaign.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import oolong.api.Errno;
import oolong.api.ExitCodes;
import oolong.api.ForkFlags;
import oolong.api.Syscall;
import org.junit.jupiter.api.Test;

/** The host model gives the seed's answers, as the kernel must (ktest checks the same in the guest). */
class WorldTest {
    @Test
    void aWriteToAShorterWaitingReaderReturnsWhatTheReaderTook() {
        World w = new World();
        ModelProcess p0 = w.startRoot();
        Result pipe = w.pipe(p0).self();
        ModelProcess child = created(w, w.fork(p0, 0));
        assertEquals(Result.Kind.BLOCKED, w.read(child, pipe.readEnd(), 3).self().kind());
        Outcome o = w.write(p0, pipe.writeEnd(), "abcdef");
        assertEquals(Result.returned(3), o.self());
        assertEquals(Result.read(3, "abc"), o.completed().get(child));
        assertTrue(child.idle());
    }

    @Test
    void awaitCollectsAChildThatDiedAndAKillEndsABlockedAwait() {
        World w = new World();
        ModelProcess p0 = w.startRoot();
        ModelProcess c1 = created(w, w.fork(p0, 0));
        assertEquals(Result.died(7), w.exit(c1, 7).self());
        assertEquals(Result.returned(7), w.await(p0).self());
        assertEquals(Result.returned(ExitCodes.NOTHING_TO_AWAIT), w.await(p0).self());
        ModelProcess c2 = created(w, w.fork(p0, ForkFlags.NOREAP));
        ModelProcess c3 = created(w, w.fork(p0, 0));
        assertEquals(Result.Kind.BLOCKED, w.await(p0).self().kind());
        Outcome o = w.kill(c3, 9);
        assertEquals(Result.returned(9), o.completed().get(p0));
        assertTrue(c2.alive());
        assertEquals(List.of(), w.check());
    }

    @Test
    void injectedFaultsFailTheSameQuestionsAsTheKernels() {
        World w = new World();
        ModelProcess p0 = w.startRoot();
        w.setFault("process-alloc", 1_000_000, 1, 1, 1, List.of(p0), null, 0, 1);
        assertEquals(Result.Kind.CREATED, w.fork(p0, 0).self().kind(), "after 1: the first passes");
        assertEquals(Result.returned(-Errno.ENOMEM), w.fork(p0, 0).self(), "the second fails");
        assertEquals(Result.Kind.CREATED, w.fork(p0, 0).self().kind(), "times 1: then no more");
        w.setFault("kill-at-syscall", 1_000_000, 1, -1, 0, List.of(), p0, Syscall.AWAIT, 1);
        assertEquals(Result.returned(0), w.sleep(p0, 0).self(), "only await is watched");
        assertEquals(Result.died(ExitCodes.INJECTED_KILL), w.await(p0).self());
        assertFalse(p0.alive());
    }

    @Test
    void aFrameFaultEndsThePrediction() {
        World w = new World();
        ModelProcess p0 = w.startRoot();
        assertTrue(w.modeled());
        w.setFault("frames", 1_000_000, 1, 1, 0, List.of(p0), null, 1, 1);
        assertFalse(w.modeled());
        w.endProgram();
        assertTrue(w.modeled());
        assertEquals(0, w.liveProcesses());
    }

    private static ModelProcess created(World w, Outcome o) {
        assertEquals(Result.Kind.CREATED, o.self().kind());
        return w.created();
    }
}
