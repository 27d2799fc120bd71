package oolong.campaign.prog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import oolong.campaign.model.ModelProcess;
import oolong.campaign.model.Outcome;
import oolong.campaign.model.Result;
import oolong.campaign.model.World;

/**
 * A program's steps run on the host model ({@link World}), with the variables bound to what they
 * name: puppets to model processes, pipes and dups to slot numbers. It says whether a step can run
 * at this point ({@link #valid}) and what the seed's semantics say it does ({@link #apply}). The
 * generator, the validator and the encoder use it offline; the executor runs one beside the kernel
 * as its oracle.
 */
public final class Simulation {
    private final World world;
    private final ModelProcess root;
    private final Map<String, ModelProcess> procs = new LinkedHashMap<>();
    private final Map<String, int[]> handles = new HashMap<>();

    public Simulation() {
        this(new World());
    }

    public Simulation(World world) {
        this.world = world;
        this.root = world.startRoot();
        procs.put(Program.ROOT, root);
    }

    public World world() {
        return world;
    }

    public ModelProcess process(String var) {
        return procs.get(var);
    }

    /** Every puppet variable bound so far, in the order they were made. */
    public Map<String, ModelProcess> processes() {
        return procs;
    }

    public String nameOf(ModelProcess p) {
        for (Map.Entry<String, ModelProcess> e : procs.entrySet()) {
            if (e.getValue() == p) {
                return e.getKey();
            }
        }
        return null;
    }

    public boolean defined(String var) {
        return procs.containsKey(var) || handles.containsKey(var);
    }

    /** Handle variables bound so far (pipes: their two ends; dups: their slot). */
    public List<HandleRef> handleRefs() {
        List<HandleRef> out = new ArrayList<>();
        for (Map.Entry<String, int[]> e : handles.entrySet()) {
            if (e.getKey().startsWith("h")) {
                out.add(HandleRef.pipeEnd(e.getKey(), 0));
                out.add(HandleRef.pipeEnd(e.getKey(), 1));
            } else {
                out.add(HandleRef.dup(e.getKey()));
            }
        }
        out.sort(java.util.Comparator.comparing(HandleRef::toString));
        return out;
    }

    /** The slot a handle operand stands for, or null when its variable is not bound. */
    public Integer slot(HandleRef h) {
        if (h.isLiteral()) {
            return h.literal();
        }
        int[] v = handles.get(h.var());
        if (v == null) {
            return null;
        }
        return h.end() >= 0 ? v[h.end()] : v[0];
    }

    /** Whether the step can run now: what it names exists and is in the state the step needs. */
    public boolean valid(Step s) {
        if (s.defines() != null && defined(s.defines())) {
            return false;
        }
        for (String v : s.uses()) {
            if (!defined(v)) {
                return false;
            }
        }
        for (HandleRef h : handlesOf(s)) {
            if (!h.isLiteral() && !handles.containsKey(h.var())) {
                return false;
            }
        }
        if (s.actor() != null) {
            ModelProcess a = procs.get(s.actor());
            if (a == null || !a.idle()) {
                return false;
            }
        }
        if (s instanceof Step.Spawn sp) {
            return procs.get(sp.parent()).alive();
        }
        if (s instanceof Step.Kill k) {
            return procs.get(k.target()).alive();
        }
        if (s instanceof Step.Filicide f) {
            return procs.get(f.target()).alive();
        }
        if (s instanceof Step.SetFault f) {
            /* always scoped to the program: a frame or kill fault on init would bring the machine down */
            return !f.fault().uses().isEmpty();
        }
        return true;
    }

    static List<HandleRef> handlesOf(Step s) {
        if (s instanceof Step.Read r) {
            return List.of(r.handle());
        }
        if (s instanceof Step.Write w) {
            return List.of(w.handle());
        }
        if (s instanceof Step.Close c) {
            return List.of(c.handle());
        }
        if (s instanceof Step.Dup d) {
            return List.of(d.from(), d.to());
        }
        return List.of();
    }

    /** Runs a valid step in the model; what the seed's semantics say it does. */
    public StepOutcome apply(Step s) {
        if (!valid(s)) {
            throw new IllegalArgumentException("step not valid here: " + s);
        }
        Outcome o = run(s);
        Map<String, Result> completed = new LinkedHashMap<>();
        for (Map.Entry<ModelProcess, Result> e : o.completed().entrySet()) {
            completed.put(nameOf(e.getKey()), e.getValue());
        }
        return new StepOutcome(o.self(), completed);
    }

    private Outcome run(Step s) {
        if (s instanceof Step.Spawn sp) {
            return bind(world.spawn(procs.get(sp.parent())), sp.child());
        }
        if (s instanceof Step.Fork f) {
            return bind(world.fork(procs.get(f.actor()), f.flags()), f.child());
        }
        if (s instanceof Step.Exit e) {
            return world.exit(procs.get(e.actor()), e.code());
        }
        if (s instanceof Step.Await a) {
            return world.await(procs.get(a.actor()));
        }
        if (s instanceof Step.Kill k) {
            return world.kill(procs.get(k.target()), k.code());
        }
        if (s instanceof Step.Filicide f) {
            return f.byAgent() ? world.filicideByAgent(procs.get(f.target())) : world.filicideBySyscall(procs.get(f.target()));
        }
        if (s instanceof Step.Pipe p) {
            Outcome r = world.pipe(procs.get(p.actor()));
            if (r.self().isReturn() && !r.self().failed()) {
                handles.put(p.ends(), new int[] {r.self().readEnd(), r.self().writeEnd()});
            }
            return r;
        }
        if (s instanceof Step.Read r) {
            return world.read(procs.get(r.actor()), slot(r.handle()), r.n());
        }
        if (s instanceof Step.Write w) {
            return world.write(procs.get(w.actor()), slot(w.handle()), w.text());
        }
        if (s instanceof Step.Dup d) {
            Outcome r = world.dup(procs.get(d.actor()), slot(d.from()), slot(d.to()));
            if (r.self().isReturn() && !r.self().failed()) {
                handles.put(d.result(), new int[] {(int) r.self().value()});
            }
            return r;
        }
        if (s instanceof Step.Close c) {
            return world.close(procs.get(c.actor()), slot(c.handle()));
        }
        if (s instanceof Step.Memflag m) {
            return world.memflag(procs.get(m.actor()));
        }
        if (s instanceof Step.Sleep sl) {
            return world.sleep(procs.get(sl.actor()), sl.ms());
        }
        if (s instanceof Step.SleepLong sl) {
            return world.sleepLong(procs.get(sl.actor()));
        }
        if (s instanceof Step.IntrSet i) {
            return world.intrSet(procs.get(i.actor()));
        }
        if (s instanceof Step.Intr i) {
            return world.intr(procs.get(i.actor()));
        }
        if (s instanceof Step.SetFault f) {
            FaultSetting fs = f.fault();
            List<ModelProcess> pids = fs.pids().stream().map(procs::get).toList();
            world.setFault(fs.point(), (int) Math.round(fs.probability() * 1_000_000), fs.every(), fs.times(), fs.after(),
                    pids, fs.subtree() == null ? null : procs.get(fs.subtree()), fs.parameter(), fs.seed());
            return new Outcome(Result.returned(0), Map.of());
        }
        if (s instanceof Step.ClearFaults) {
            world.clearFaults();
        }
        return new Outcome(Result.returned(0), Map.of());      /* ClearFaults, Policy */
    }

    private Outcome bind(Outcome o, String var) {
        if (o.self().kind() == Result.Kind.CREATED) {
            procs.put(var, world.created());
        }
        return o;
    }

    /** Ends the program in the model as the executor ends it in the kernel. */
    public void end() {
        world.endProgram();
    }
}
