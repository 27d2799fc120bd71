package oolong.api.probe;

/**
 * An extension that observes: the kernel calls {@link #fire} at the hook it is attached to, and
 * the probe aggregates what it sees into its {@link Maps}, which the REPL reads. Like a
 * {@link oolong.api.sched.Policy} it keeps no state of its own (no fields): the maps are its
 * state. The kernel runs it in its verifying interpreter under a per-invocation budget; a fault
 * detaches it (docs/probes.md).
 */
public interface Probe {
    void fire(Event e, Maps m);
}
