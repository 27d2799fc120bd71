package oolong.campaign.prog;

import java.util.ArrayList;
import java.util.List;

/**
 * Makes a program valid: runs it on the host model and drops every step that cannot run where it
 * stands (a command to a puppet that is dead or blocked, a handle or puppet whose defining step is
 * gone, a spawn under a dead parent). A generated program is valid by construction; mutation,
 * splicing and shrinking produce candidates this turns into programs.
 */
public final class Validator {
    private Validator() {
    }

    public static Program validate(Program p) {
        Simulation sim = new Simulation();
        List<Step> kept = new ArrayList<>();
        for (Step s : p.steps()) {
            if (sim.valid(s)) {
                sim.apply(s);
                kept.add(s);
            }
        }
        return p.with(kept);
    }

    /** Whether every step of the program can run where it stands. */
    public static boolean isValid(Program p) {
        return validate(p).size() == p.size();
    }
}
