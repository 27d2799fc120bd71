package oolong.campaign.prog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Shrinks a failing program: delta debugging (Zeller's ddmin) over its steps, then each remaining
 * step on its own, then the fault settings' knobs (probability 1, every 1, after 0, a narrower
 * scope) and the other arguments towards simpler values. Every candidate is made valid first
 * ({@link Validator}) and kept only if the test says it still fails the same way; results are
 * cached by program id, since a test is a run on a virtual machine.
 */
public final class Minimizer {
    /** Says whether a candidate still fails as the original did (runs it). */
    public interface Test {
        boolean fails(Program candidate);
    }

    private final Test test;
    private final Map<String, Boolean> cache = new HashMap<>();
    private int tests;

    public Minimizer(Test test) {
        this.test = test;
    }

    /** How many candidates were run. */
    public int tests() {
        return tests;
    }

    private boolean fails(Program candidate) {
        return cache.computeIfAbsent(candidate.id(), id -> {
            tests++;
            return test.fails(candidate);
        });
    }

    public Program minimize(Program failing) {
        Program valid = Validator.validate(failing);
        List<Step> steps = ddmin(valid.steps(), l -> {
            Program c = Validator.validate(valid.with(l));
            return c.size() == l.size() && fails(c);
        });
        Program p = valid.with(steps);
        p = removeEach(p);
        p = removePairs(p);
        p = simplifyArguments(p);
        return p;
    }

    /**
     * Tries to drop two steps at once (for short programs): steps that only matter together, such
     * as a write that wakes a reader nobody needed, survive ddmin's chunks and the single removals.
     */
    Program removePairs(Program p) {
        if (p.size() > 16) {
            return p;
        }
        for (int i = 0; i < p.size(); i++) {
            for (int j = i + 1; j < p.size(); j++) {
                List<Step> l = new ArrayList<>(p.steps());
                l.remove(j);
                l.remove(i);
                Program c = Validator.validate(p.with(l));
                if (fails(c)) {
                    return removePairs(removeEach(c));
                }
            }
        }
        return p;
    }

    /** Tries to drop each step alone (whatever it invalidates goes with it). */
    Program removeEach(Program p) {
        for (int i = p.size() - 1; i >= 0 && i < p.size(); i--) {
            List<Step> l = new ArrayList<>(p.steps());
            l.remove(i);
            Program c = Validator.validate(p.with(l));
            if (fails(c)) {
                p = c;
                i = Math.min(i, p.size());
            }
        }
        return p;
    }

    Program simplifyArguments(Program p) {
        for (int i = 0; i < p.size(); i++) {
            for (Step simpler : simpler(p.steps().get(i))) {
                List<Step> l = new ArrayList<>(p.steps());
                l.set(i, simpler);
                Program c = Validator.validate(p.with(l));
                if (c.size() == p.size() && fails(c)) {
                    p = c;
                }
            }
        }
        return p;
    }

    /** Simpler variants of a step, simplest first. */
    static List<Step> simpler(Step s) {
        List<Step> out = new ArrayList<>();
        if (s instanceof Step.SetFault f) {
            FaultSetting fs = f.fault();
            if (fs.probability() != 1.0 || fs.seed() != 1) {
                out.add(new Step.SetFault(fs.with(1.0, fs.every(), fs.times(), fs.after(), 1)));
            }
            if (fs.every() != 1) {
                out.add(new Step.SetFault(fs.with(fs.probability(), 1, fs.times(), fs.after(), fs.seed())));
            }
            if (fs.after() != 0) {
                out.add(new Step.SetFault(fs.with(fs.probability(), fs.every(), fs.times(), 0, fs.seed())));
            }
            if (fs.times() != 1) {
                out.add(new Step.SetFault(fs.with(fs.probability(), fs.every(), 1, fs.after(), fs.seed())));
            }
            if (fs.pids().size() > 1) {
                out.add(new Step.SetFault(fs.scopedTo(List.of(fs.pids().get(0)), null)));
            }
        } else if (s instanceof Step.Write w && w.text().length() > 1) {
            out.add(new Step.Write(w.actor(), w.handle(), w.text().substring(0, (w.text().length() + 1) / 2)));
        } else if (s instanceof Step.Exit e && e.code() != 0) {
            out.add(new Step.Exit(e.actor(), 0));
        } else if (s instanceof Step.Kill k && k.code() != 0) {
            out.add(new Step.Kill(k.target(), 0));
        } else if (s instanceof Step.Fork f && f.flags() != 0) {
            out.add(new Step.Fork(f.actor(), 0, f.child()));
        } else if (s instanceof Step.Sleep sl && sl.ms() != 0) {
            out.add(new Step.Sleep(sl.actor(), 0));
        }
        return out;
    }

    /**
     * Zeller's ddmin: a 1-minimal sublist (in the sense of the chunks it tries) for which the test
     * still holds; the test must hold for the whole list.
     */
    public static <T> List<T> ddmin(List<T> items, Predicate<List<T>> failing) {
        List<T> current = new ArrayList<>(items);
        int n = 2;
        while (current.size() >= 2) {
            List<List<T>> chunks = split(current, n);
            boolean reduced = false;
            for (List<T> chunk : chunks) {
                if (failing.test(chunk)) {
                    current = chunk;
                    n = 2;
                    reduced = true;
                    break;
                }
            }
            if (!reduced) {
                for (int i = 0; i < chunks.size() && !reduced; i++) {
                    List<T> complement = new ArrayList<>();
                    for (int j = 0; j < chunks.size(); j++) {
                        if (j != i) {
                            complement.addAll(chunks.get(j));
                        }
                    }
                    if (failing.test(complement)) {
                        current = complement;
                        n = Math.max(n - 1, 2);
                        reduced = true;
                    }
                }
            }
            if (!reduced) {
                if (n >= current.size()) {
                    break;
                }
                n = Math.min(current.size(), n * 2);
            }
        }
        if (current.size() == 1 && failing.test(List.of())) {
            return List.of();
        }
        return current;
    }

    private static <T> List<List<T>> split(List<T> l, int n) {
        List<List<T>> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < n; i++) {
            int end = start + (l.size() - start) / (n - i);
            if (end > start) {
                out.add(new ArrayList<>(l.subList(start, end)));
            }
            start = end;
        }
        return out;
    }
}
