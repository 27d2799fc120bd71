package oolong.campaign.exec;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import oolong.campaign.model.World;
import oolong.campaign.prog.Expectation;
import oolong.campaign.prog.Simulation;
import oolong.repl.api.ProcessInfo;
import oolong.repl.api.ProcessTree;

/**
 * The comparison of the kernel's process tree with the host model's after a step: every process
 * of the program the model knows must be in the kernel's tree with the same state, exit code,
 * NOREAP mark and parent, and the kernel must have nothing under the anchor the model does not.
 */
final class Oracle {
    private Oracle() {
    }

    /** The first difference as a finding, or null. pids: variable to kernel pid; anchor: the anchor's kernel pid. */
    static Finding compareTree(int step, Simulation sim, ProcessTree ps, Map<String, Integer> pids, int anchor) {
        Map<Integer, String> names = new HashMap<>();
        pids.forEach((var, pid) -> names.put(pid, var));
        Set<Integer> expected = new HashSet<>();
        for (World.View v : sim.world().tree()) {
            String var = sim.nameOf(v.process());
            Integer pid = var == null ? null : pids.get(var);
            if (pid == null) {
                return new Finding(Detector.SEMANTICS, step, "the seed's semantics have a process the run never made: "
                        + v.process(), null);
            }
            expected.add(pid);
            String want = v.state() + " " + v.code();
            ProcessInfo k = ps.pid(pid).orElse(null);
            if (k == null) {
                return new Finding(Detector.SEMANTICS, step, var + " (pid " + pid + ") is gone from the kernel's tree, but by "
                        + "the seed's semantics it is " + describe(v), new Expectation.State(var, want));
            }
            String have = k.state() + " " + k.code();
            if (!have.equals(want)) {
                return new Finding(Detector.SEMANTICS, step, var + " (pid " + pid + ") is " + have + " in the kernel, but by "
                        + "the seed's semantics it is " + describe(v), new Expectation.State(var, want));
            }
            if (k.noreap() != v.noreap()) {
                return new Finding(Detector.SEMANTICS, step, var + " (pid " + pid + ") has NOREAP " + k.noreap()
                        + " in the kernel, " + v.noreap() + " by the seed's semantics", new Expectation.State(var, want));
            }
            String parent = v.parent() == null ? null : sim.nameOf(v.parent());
            Integer parentPid = parent == null ? Integer.valueOf(anchor) : pids.get(parent);
            if (!Objects.equals(parentPid, k.ppid())) {
                return new Finding(Detector.SEMANTICS, step, var + " (pid " + pid + ") hangs under pid " + k.ppid()
                        + " in the kernel, under " + (parent == null ? "the anchor" : parent) + " by the seed's semantics",
                        new Expectation.State(var, want));
            }
        }
        for (int pid : subtree(ps, anchor)) {
            if (!expected.contains(pid)) {
                String var = names.get(pid);
                ProcessInfo k = ps.pid(pid).orElseThrow();
                return new Finding(Detector.SEMANTICS, step, (var == null ? "pid " + pid : var + " (pid " + pid + ")")
                        + " is still in the kernel's tree (" + k.state() + " " + k.code() + "), but by the seed's semantics "
                        + "it is gone", var == null ? null : new Expectation.State(var, "gone"));
            }
        }
        return null;
    }

    private static String describe(World.View v) {
        return v.state() + (v.code() == null ? "" : " with exit code " + v.code());
    }

    /** Every process below the anchor in the kernel's tree. */
    static List<Integer> subtree(ProcessTree ps, int anchor) {
        Set<Integer> inside = new HashSet<>();
        inside.add(anchor);
        java.util.List<Integer> out = new java.util.ArrayList<>();
        for (ProcessInfo p : ps) {
            if (inside.contains(p.ppid()) && p.pid() != anchor) {
                inside.add(p.pid());
                out.add(p.pid());
            }
        }
        return out;
    }
}
