package oolong.campaign.prog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import oolong.kernel.plant.PlantedBugs;
import org.junit.jupiter.api.Test;

class MinimizerTest {
    @Test
    void ddminFindsTheTwoItemsThatMatter() {
        List<Integer> items = IntStream.range(0, 40).boxed().toList();
        List<Integer> min = Minimizer.ddmin(items, l -> l.contains(7) && l.contains(31));
        assertEquals(List.of(7, 31), min);
    }

    @Test
    void ddminKeepsTheWholeListWhenEverythingMatters() {
        List<Integer> items = List.of(1, 2, 3);
        assertEquals(items, Minimizer.ddmin(items, l -> l.size() == 3));
    }

    /**
     * The planted refcount bug, in the host model (the same kernel code with the flag on): a
     * generated program that hits it shrinks to the few steps that matter, which still hit it.
     */
    @Test
    void aProgramHittingThePlantedRefcountBugShrinksToAFewSteps() {
        Program failing = null;
        for (long seed = 1; failing == null; seed++) {
            Program p = Generator.generate(seed);
            if (violates(p, "refcount")) {
                failing = p;
            }
        }
        Minimizer m = new Minimizer(c -> violates(c, "refcount"));
        Program small = m.minimize(failing);
        assertTrue(violates(small, "refcount"));
        assertTrue(small.size() <= 5, "shrunk from " + failing.size() + " to:\n" + small);
        assertTrue(small.steps().stream().anyMatch(s -> s instanceof Step.Dup), small.toString());
    }

    static boolean violates(Program p, String plant) {
        PlantedBugs.plant(plant);
        try {
            Simulation sim = new Simulation();
            for (Step s : p.steps()) {
                sim.apply(s);
                if (!sim.world().check().isEmpty()) {
                    return true;
                }
            }
            return false;
        } finally {
            PlantedBugs.plant(null);
        }
    }
}
