package oolong.api.probe;

/**
 * An extension that decides: at a patchable hook, {@link #decide} returns {@link #PASS} to let the
 * kernel go on as usual, or a value that replaces what the kernel would do (a system call's
 * result, an allocation's failure). Each hook documents which values are legal (docs/probes.md);
 * any other value is a fault and detaches the patch, so the kernel stays consistent whatever a
 * patch returns.
 */
public interface Patch {
    /** "Let the kernel go on": the hook proceeds as if nothing were attached. */
    long PASS = Long.MIN_VALUE;

    long decide(Event e, Maps m);
}
