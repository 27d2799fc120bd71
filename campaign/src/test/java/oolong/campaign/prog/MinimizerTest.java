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

    @Test
    void stepsThatOnlyMatterTogetherAreRemovedTogether() {
        List<Step> steps = new java.util.ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            steps.add(new Step.Memflag("p0", i));
        }
        Step keep = steps.get(0);
        Step a = steps.get(2);
        Step b = steps.get(6);
        /* fails while the first step is there and a and b are both there or both gone */
        Minimizer m = new Minimizer(c -> c.steps().contains(keep) && c.steps().contains(a) == c.steps().contains(b));
        assertEquals(List.of(keep), m.minimize(new Program(steps)).steps());
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
