package oolong.kernel.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The facts each state carries match the seed's rules as written out here. */
class ProcessStateTest {
    @Test
    void eachBitIsOneShiftedByTheOrdinal() {
        for (ProcessState s : ProcessState.values()) {
            assertEquals(1 << s.ordinal(), s.bit, s.name());
        }
    }

    @Test
    void aliveAndWaitingFollowTheSeed() {
        for (ProcessState s : ProcessState.values()) {
            boolean alive = s != ProcessState.TOREAP && s != ProcessState.TOMBSTONE && s != ProcessState.FORGOTTEN
                    && s != ProcessState.FREED;
            boolean waiting = s.name().startsWith("WAITS4");
            assertEquals(alive, s.alive(), s.name());
            assertEquals(waiting, s.waiting(), s.name());
        }
    }

    /** The seed's proc_setstate (TOREAP's conditions on the parent and children are setState's). */
    private static boolean seedAllows(ProcessState cur, ProcessState next) {
        switch (next) {
            case FREED: return cur == ProcessState.FORGOTTEN;
            case FORGOTTEN: return cur == ProcessState.TOMBSTONE;
            case TOMBSTONE: return cur == ProcessState.TOREAP || cur == ProcessState.DYING;
            case TOREAP: return cur == ProcessState.DYING;
            case DYING: return cur.alive() && cur != ProcessState.DYING;
            case RUNNING: return cur == ProcessState.RUNNING || cur.waiting();
            default: return cur == ProcessState.RUNNING;
        }
    }

    @Test
    void theLegalTransitionsAreTheSeeds() {
        for (ProcessState cur : ProcessState.values()) {
            for (ProcessState next : ProcessState.values()) {
                assertEquals(seedAllows(cur, next), (next.legalFrom & cur.bit) != 0, cur + " -> " + next);
            }
        }
    }
}
