package oolong.campaign.prog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Mutations of corpus programs, as syzkaller makes them: insert new steps somewhere (generated
 * for the state at that point), remove a step, change a step's arguments, or splice another
 * program's tail onto this one's head (its names made fresh). Every result goes through the
 * {@link Validator}, so what comes out is a valid program; the same seed gives the same mutant.
 */
public final class Mutator {
    private Mutator() {
    }

    /** One to three mutations of the program (others: what a splice may take a tail from). */
    public static Program mutate(Program p, List<Program> others, Random r) {
        Program out = p;
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
            int t = r.nextInt(100);
            if (t < 35 || out.size() == 0) {
                out = insert(out, r);
            } else if (t < 55) {
                out = remove(out, r);
            } else if (t < 80) {
                out = change(out, r);
            } else if (t < 90 && !others.isEmpty()) {
                out = splice(out, others.get(r.nextInt(others.size())), r);
            } else {
                out = insert(out, r);
            }
        }
        return out;
    }

    /** New steps at a random point, generated for the model's state there. */
    static Program insert(Program p, Random r) {
        int at = r.nextInt(p.size() + 1);
        Simulation sim = new Simulation();
        List<Step> head = new ArrayList<>();
        for (Step s : p.steps().subList(0, at)) {
            if (sim.valid(s)) {
                sim.apply(s);
                head.add(s);
            }
        }
        Generator g = new Generator(r, sim, p);
        head.addAll(g.steps(1 + r.nextInt(3)));
        head.addAll(p.steps().subList(at, p.size()));
        return Validator.validate(p.with(head));
    }

    static Program remove(Program p, Random r) {
        if (p.size() == 0) {
            return p;
        }
        List<Step> steps = new ArrayList<>(p.steps());
        steps.remove(r.nextInt(steps.size()));
        return Validator.validate(p.with(steps));
    }

    /** Another value for one argument of one step (a flag, a code, a size, a text, a fault knob). */
    static Program change(Program p, Random r) {
        if (p.size() == 0) {
            return p;
        }
        List<Step> steps = new ArrayList<>(p.steps());
        int i = r.nextInt(steps.size());
        steps.set(i, changed(steps.get(i), r));
        return Validator.validate(p.with(steps));
    }

    static Step changed(Step s, Random r) {
        if (s instanceof Step.Fork f) {
            int[] flags = {0, 1, 8, 9, 2, 16};
            return new Step.Fork(f.actor(), flags[r.nextInt(flags.length)], f.child());
        }
        if (s instanceof Step.Exit e) {
            return new Step.Exit(e.actor(), Generator.CODES[r.nextInt(Generator.CODES.length)]);
        }
        if (s instanceof Step.Kill k) {
            return new Step.Kill(k.target(), Generator.CODES[r.nextInt(Generator.CODES.length)]);
        }
        if (s instanceof Step.Filicide f) {
            return new Step.Filicide(f.target(), !f.byAgent());
        }
        if (s instanceof Step.Read rd) {
            return new Step.Read(rd.actor(), rd.handle(), Generator.READ_SIZES[r.nextInt(Generator.READ_SIZES.length)]);
        }
        if (s instanceof Step.Write w) {
            int n = Math.max(1, Math.min(64, w.text().length() + r.nextInt(9) - 4));
            return new Step.Write(w.actor(), w.handle(), "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijkl"
                    .substring(0, n));
        }
        if (s instanceof Step.Sleep sl) {
            return new Step.Sleep(sl.actor(), new int[] {0, 1, 5, 20}[r.nextInt(4)]);
        }
        if (s instanceof Step.Memflag m) {
            return new Step.Memflag(m.actor(), 1 + r.nextInt(16));
        }
        if (s instanceof Step.SetFault f) {
            FaultSetting fs = f.fault();
            return switch (r.nextInt(4)) {
                case 0 -> new Step.SetFault(fs.with(fs.probability(), fs.every(), fs.times(), r.nextInt(4), fs.seed()));
                case 1 -> new Step.SetFault(fs.with(fs.probability(), fs.every(), new long[] {1, 2, -1}[r.nextInt(3)],
                        fs.after(), fs.seed()));
                case 2 -> new Step.SetFault(fs.with(fs.probability(), 1 + r.nextInt(3), fs.times(), fs.after(), fs.seed()));
                default -> new Step.SetFault(fs.with(new double[] {1.0, 0.5, 0.25}[r.nextInt(3)], fs.every(), fs.times(),
                        fs.after(), 1 + r.nextInt(1000)));
            };
        }
        if (s instanceof Step.Policy) {
            return new Step.Policy(Step.Policy.NAMES.get(r.nextInt(Step.Policy.NAMES.size())));
        }
        return s;
    }

    /** This program's first steps, then another's last ones with their names made fresh (p0 stays p0). */
    static Program splice(Program p, Program other, Random r) {
        int cut = r.nextInt(p.size() + 1);
        int from = other.size() == 0 ? 0 : r.nextInt(other.size());
        Map<String, String> fresh = new HashMap<>();
        int[] next = {p.highest('p') + 1, p.highest('h') + 1, p.highest('d') + 1};
        java.util.function.UnaryOperator<String> rename = v -> {
            if (v.equals(Program.ROOT)) {
                return v;
            }
            return fresh.computeIfAbsent(v, k -> {
                int slot = k.charAt(0) == 'p' ? 0 : k.charAt(0) == 'h' ? 1 : 2;
                return k.charAt(0) + Integer.toString(next[slot]++);
            });
        };
        List<Step> steps = new ArrayList<>(p.steps().subList(0, cut));
        for (Step s : other.steps().subList(from, other.size())) {
            steps.add(s.renamed(rename));
        }
        return Validator.validate(p.with(steps));
    }
}
