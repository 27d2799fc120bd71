package oolong.campaign.prog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GeneratorTest {
    @Test
    void theSameSeedGivesTheSameProgram() {
        for (long seed = 1; seed <= 50; seed++) {
            assertEquals(Generator.generate(seed), Generator.generate(seed));
            assertEquals(Generator.generate(seed).id(), Generator.generate(seed).id());
        }
        assertNotEquals(Generator.generate(1).id(), Generator.generate(2).id());
    }

    /**
     * 10,000 programs are valid where they stand, and the host model runs each without an
     * exception, keeps its invariants after every step, and is back to init alone at the end.
     */
    @Test
    void tenThousandProgramsAreValidAndRunCleanOnTheModel() {
        Map<String, Integer> kinds = new HashMap<>();
        long steps = 0;
        for (long seed = 1; seed <= 10_000; seed++) {
            Program p = Generator.generate(seed);
            assertTrue(p.size() >= 1 && p.size() <= Generator.MAX_STEPS, "length of " + seed);
            assertTrue(Validator.isValid(p), "program " + seed + " is valid:\n" + p);
            Simulation sim = new Simulation();
            for (Step s : p.steps()) {
                sim.apply(s);
                kinds.merge(s.getClass().getSimpleName(), 1, Integer::sum);
                assertEquals(java.util.List.of(), sim.world().check(), "seed " + seed + " after " + s);
            }
            sim.end();
            assertEquals(java.util.List.of(), sim.world().check());
            assertEquals(0, sim.world().liveProcesses(), "seed " + seed + " leaves nothing alive");
            steps += p.size();
        }
        for (String k : new String[] {"Spawn", "Fork", "Exit", "Await", "Kill", "Filicide", "Pipe", "Read", "Write", "Dup",
            "Close", "Memflag", "Sleep", "SleepLong", "IntrSet", "Intr", "SetFault", "ClearFaults", "Policy"}) {
            assertTrue(kinds.getOrDefault(k, 0) > 20, "every kind of step is generated: " + k + " " + kinds);
        }
        assertTrue(steps / 10_000.0 > 8, "programs are not trivially short: " + steps / 10_000.0);
    }
}
