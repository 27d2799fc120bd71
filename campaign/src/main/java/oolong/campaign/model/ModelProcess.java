package oolong.campaign.model;

import oolong.kernel.proc.Process;

/** A process of the host model, with what it is blocked in (if anything). */
public final class ModelProcess {
    final Process process;
    /** The blocked operation: null when idle or dead. */
    Pending pending;

    enum Pending { AWAIT, READ, WRITE, SLEEP }

    ModelProcess(Process process) {
        this.process = process;
    }

    public int pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.alive();
    }

    /** Alive and waiting for its next command (a puppet that can be told something). */
    public boolean idle() {
        return process.alive() && pending == null;
    }

    /** Alive and blocked in an operation. */
    public boolean blocked() {
        return process.alive() && pending != null;
    }

    public String state() {
        return process.state().name();
    }

    @Override
    public String toString() {
        return "model pid " + process.pid() + " (" + process.state() + ")";
    }
}
