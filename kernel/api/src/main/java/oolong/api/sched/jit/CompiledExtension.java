package oolong.api.sched.jit;

import oolong.api.probe.Event;
import oolong.api.probe.FixedMaps;
import oolong.api.probe.Maps;
import oolong.api.probe.Patch;
import oolong.api.probe.Probe;
import oolong.api.sched.vm.CompilerView;
import oolong.api.sched.vm.ExtensionKind;

/**
 * Runs a compiled probe or patch with the interpreter's contract (as {@link CompiledPolicy} does
 * for policies): the same budget per invocation, the same instruction count, the same faults in
 * the same words. The event's values the code reads (pid, hook, now, the arguments) go into the
 * context before the run and are read inline; the maps' add, get and put run inline on the
 * kernel's map memory (FixedMaps.memory(), handed over per run: MapsTemplates). `nanos()`, both
 * hist calls and what the inline code leaves out (a bad map index, maps that are not FixedMaps)
 * are call-outs, served here with the same interface calls the interpreter makes (ExtensionCalls), so the event and the
 * maps check their own arguments for both and a bad one becomes the same fault.
 */
public final class CompiledExtension extends CompiledRun implements Probe, Patch {
    private final long[] args = new long[JitAbi.EVENT_ARG_COUNT];

    public CompiledExtension(CompiledCode compiled, NativeCode code) {
        super(compiled, code);
        if (view.kind() == ExtensionKind.POLICY) {
            throw new IllegalArgumentException(view.name() + " is a policy, not a probe or a patch");
        }
    }

    public ExtensionKind kind() {
        return view.kind();
    }

    @Override
    public void fire(Event e, Maps m) {
        decide(e, m);
    }

    /** Runs the entry with the event and the maps; a patch's result, or PASS for a probe. A fault throws PolicyFault. */
    @Override
    public long decide(Event e, Maps m) {
        if ((compiled.eventCalls() & JitAbi.USES_ARGS) != 0) {
            for (int i = 0; i < args.length; i++) {
                args[i] = e.arg(i);
            }
        }
        return decide(e, args, m);
    }

    /**
     * The hook's lean entry (the kernel's registry): the event's arguments straight from the
     * registry's array (`eventArgs`, EVENT_ARG_COUNT long), no interface call per argument, and
     * only the event fields the code reads written into the context. `e` serves the call-outs
     * (arg(i) with a computed i, nanos()).
     */
    public long decide(Event e, long[] eventArgs, Maps m) {
        int uses = compiled.eventCalls();
        if (uses != 0) {
            code.setEvent((uses & JitAbi.USES_PID) != 0 ? e.pid() : 0, (uses & JitAbi.USES_HOOK) != 0 ? e.hook() : 0,
                    (uses & JitAbi.USES_NOW) != 0 ? e.now() : 0, (uses & JitAbi.USES_ARGS) != 0 ? eventArgs : null);
        }
        if ((uses & JitAbi.USES_MAPS) != 0) {
            if (m instanceof FixedMaps f) {
                code.setMaps(f.memory(), f.slots() - 1, f.capacity());
            } else {
                code.setMaps(null, 0, 0);
            }
        }
        int status = code.runExtension(budget);
        while (status == JitAbi.CALLOUT) {
            int id = (int) code.field(JitAbi.ID);
            long value;
            try {
                value = call(e, m, id, code.field(JitAbi.ARG0), code.field(JitAbi.ARG1), code.field(JitAbi.ARG2));
            } catch (RuntimeException x) {
                boolean maps = id >= JitAbi.MAPS_CALLOUT;
                throw callOutFault(CompilerView.badExtensionArgumentMessage(maps, id - (maps ? JitAbi.MAPS_CALLOUT
                        : JitAbi.EVENT_CALLOUT), x));
            }
            status = code.resume(value);
        }
        long r = finish(status);
        return view.kind() == ExtensionKind.PATCH ? r : Patch.PASS;
    }

    /** The call-out table of events and maps (JitAbi.EVENT_CALLOUT, MAPS_CALLOUT + the verifier's ids). */
    private static long call(Event e, Maps m, int id, long a0, long a1, long a2) {
        switch (id) {
            case JitAbi.EVENT_CALLOUT + 1: return e.arg((int) a0);
            case JitAbi.EVENT_CALLOUT + 4: return e.nanos();
            case JitAbi.MAPS_CALLOUT:
                m.add((int) a0, a1, a2);
                return 0;
            case JitAbi.MAPS_CALLOUT + 1: return m.get((int) a0, a1);
            case JitAbi.MAPS_CALLOUT + 2:
                m.put((int) a0, a1, a2);
                return 0;
            case JitAbi.MAPS_CALLOUT + 3:
                m.hist((int) a0, a1);
                return 0;
            case JitAbi.MAPS_CALLOUT + 4:
                m.hist((int) a0, a1, a2);
                return 0;
            default:
                throw new IllegalStateException("unknown call-out " + id);
        }
    }
}
