package oolong.kernel.proc;

/** What the rest of the kernel learns from the process model. */
public interface ProcessHooks {
    /** The process started or stopped being able to run (RUNNING or not): the scheduler's run queue. */
    void runnableChanged(Process p, boolean runnable);

    /** The process died with this exit code (the agent pushes an event). */
    void exited(Process p, long code);

    /** The parent collected the dead child's exit code (await): the proc:reap hook. */
    default void reaped(Process parent, Process dead, long code) {
    }

    /** init died and nothing is left: the machine shuts down. */
    void shutdown(long initCode);

    /** A kernel panic the seed raises (e.g. "init killed prematurely"); must not return. */
    void panic(String message);
}
