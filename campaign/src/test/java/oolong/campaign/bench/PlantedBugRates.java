package oolong.campaign.bench;

import java.util.ArrayList;
import java.util.List;
import oolong.campaign.prog.Generator;
import oolong.campaign.prog.Program;
import oolong.campaign.prog.Simulation;
import oolong.campaign.prog.Step;
import oolong.kernel.plant.PlantedBugs;

/**
 * How often generated programs (no coverage guidance, no mutation) hit each planted bug, measured
 * on the host model: the kernel's own process model with the plant's flag on, a hit being a
 * broken invariant or an answer that differs from the same program without the plant.
 *
 * usage: PlantedBugRates N   (seeds 1..N; docs/campaigns.md quotes N = 10,000)
 */
public final class PlantedBugRates {
    private PlantedBugRates() {
    }

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        for (String plant : PlantedBugs.NAMES) {
            int hits = 0;
            long steps = 0;
            for (long seed = 1; seed <= n; seed++) {
                Program p = Generator.generate(seed);
                steps += p.size();
                if (hits(p, plant)) {
                    hits++;
                }
            }
            System.out.printf("%s: %d of %d programs (%.2f%%), mean length %.1f%n", plant, hits, n, 100.0 * hits / n, (double) steps / n);
        }
    }

    static boolean hits(Program p, String plant) {
        PlantedBugs.plant(plant);
        List<String> planted = new ArrayList<>();
        boolean violated = false;
        try {
            Simulation sim = new Simulation();
            for (Step s : p.steps()) {
                planted.add(sim.apply(s).toString());
                if (!sim.world().check().isEmpty()) {
                    violated = true;
                    break;
                }
            }
        } finally {
            PlantedBugs.plant(null);
        }
        if (violated) {
            return true;
        }
        Simulation sim = new Simulation();
        for (int i = 0; i < planted.size(); i++) {
            if (!sim.apply(p.steps().get(i)).toString().equals(planted.get(i))) {
                return true;
            }
        }
        return false;
    }
}
