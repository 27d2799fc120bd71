package oolong.api.sched;

/**
 * A scheduling policy: picks which runnable process runs next.
 *
 * The kernel calls {@link #pick} whenever the running process blocks, exits or uses up its time
 * slice, with a read-only view of the runnable processes. A policy keeps no state of its own:
 * what it needs to remember goes in the queue's scratch values (per process and global), which
 * the kernel clears when the policy is swapped. That is what lets the kernel run policies typed
 * into the REPL in its verifying interpreter with the same meaning as built-in ones.
 */
public interface Policy {
    /**
     * Returns the index (0 <= i < q.size()) of the process to run next. Called only when at least
     * one process is runnable. Anything else (an index out of range, an exception) makes the
     * kernel drop the policy and restore the previous one.
     */
    int pick(RunQueue q);
}
