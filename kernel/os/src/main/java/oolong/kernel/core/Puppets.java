package oolong.kernel.core;

import java.nio.charset.StandardCharsets;
import oolong.api.Errno;
import oolong.kernel.mem.MemStatus;
import oolong.kernel.proc.Process;
import oolong.kernel.proc.ProcessState;
import oolong.kernel.proc.Processes;

/**
 * Puppets: user processes (the "puppet" program) that make the system calls the REPL asks for.
 * A puppet reports the result of its last command and waits for the next with the puppet_next
 * system call (state WAITS4REQUEST); the agent's "puppet" operation hands it a command and
 * answers the REPL when the puppet reports back, which may be much later (await, read, sleep).
 */
public final class Puppets {
    /** Longest result a puppet may report: a 2048-byte read with every byte escaped in six characters fits. */
    static final int MAX_RESULT = 16 * 1024;
    static final int MAX_COMMAND = 1024;

    /** What the kernel keeps per puppet (Process.attachment). */
    static final class State {
        /** The agent request whose answer is this puppet's next report. */
        String answering;
        /** A command given before the puppet was ready for it. */
        String queued;
        String queuedFor;
        long commandBuffer;
        int commandCapacity;
        long commands;
    }

    /** A command the kernel will not give a puppet: an error code of the agent's protocol and why. */
    public static final class Refused extends Exception {
        public final String code;

        Refused(String code, String message) {
            super(message);
            this.code = code;
        }
    }

    private final Machine machine;
    private PuppetReplies replies;

    Puppets(Machine machine) {
        this.machine = machine;
    }

    /** Where reports go (the agent); without one, puppets still run but nobody hears from them. */
    public void setReplies(PuppetReplies replies) {
        this.replies = replies;
    }

    /**
     * The host went away: its pending puppet commands are dropped (a queued one is not delivered,
     * a running one's report is not sent). The puppets themselves carry on and take new commands.
     */
    public void forgetRequests() {
        for (Process p = machine.processes.init(); p != null; p = Processes.next(p, null)) {
            if (p.attachment instanceof State s) {
                s.answering = null;
                s.queued = null;
                s.queuedFor = null;
            }
        }
    }

    private static State stateOf(Process p) {
        if (!(p.attachment instanceof State)) {
            p.attachment = new State();
        }
        return (State) p.attachment;
    }

    /** The puppet_next system call. */
    long next(Process p, long resultAddress, long resultLength, long commandAddress, long commandCapacity) {
        if (resultLength < 0 || resultLength > MAX_RESULT || commandCapacity <= 0 || commandCapacity > 1 << 20) {
            return -Errno.EINVAL;
        }
        State s = stateOf(p);
        if (s.answering != null) {
            String id = s.answering;
            s.answering = null;
            String result = null;
            if (resultLength > 0) {
                byte[] b = new byte[(int) resultLength];
                if (p.addressSpace().read(resultAddress, b, 0, b.length) == MemStatus.OK) {
                    result = new String(b, StandardCharsets.UTF_8);
                }
            }
            if (replies != null) {
                replies.reported(id, p.pid(), result);
            }
        }
        s.commandBuffer = commandAddress;
        s.commandCapacity = (int) commandCapacity;
        if (s.queued != null) {
            long r = deliver(p, s, s.queued, s.queuedFor, false);
            if (r != MemStatus.ENOMEM) {
                return r;
            }
        }
        machine.processes.setState(p, ProcessState.WAITS4REQUEST);
        return Processes.BLOCKED;
    }

    /**
     * Copies a command into the puppet's buffer; returns its length, or -errno, waking it if it waits.
     * When no frame can be had for the buffer (a copy-on-write page after a fork, with memory gone),
     * the command is refused with ENOMEM and the puppet is left waiting for the next one: the lack of
     * memory is the kernel's, not a fault of the puppet's, so it must not end the puppet.
     */
    private long deliver(Process p, State s, String command, String requestId, boolean wake) {
        s.queued = null;
        s.queuedFor = null;
        byte[] b = command.getBytes(StandardCharsets.UTF_8);
        long r;
        if (b.length > s.commandCapacity) {
            r = -Errno.EINVAL;
        } else {
            int st = p.addressSpace().write(s.commandBuffer, b, 0, b.length);
            r = st == MemStatus.OK ? b.length : st;
        }
        s.answering = r >= 0 ? requestId : null;
        s.commands++;
        if (r == MemStatus.ENOMEM) {
            if (replies != null) {
                replies.refused(requestId, "ENOMEM", "no memory for the puppet's command buffer; the puppet waits for its next command");
            }
            return r;
        }
        if (r < 0 && replies != null) {
            replies.refused(requestId, "EFAULT", "the puppet's command buffer is not usable");
        }
        if (wake) {
            p.registers().setReturnValue(r);
            machine.processes.setState(p, ProcessState.RUNNING);
        }
        return r;
    }

    /** The agent's "puppet" operation: gives a command to a puppet, answered when it reports back. */
    public void command(Process p, String command, String requestId) throws Refused {
        if (!p.alive()) {
            throw new Refused("ESTATE", "process " + p.pid() + " is " + p.state() + ", not a live puppet");
        }
        if (!"puppet".equals(p.program())) {
            throw new Refused("EINVAL", "process " + p.pid() + " runs " + p.program() + ", not a puppet");
        }
        if (command.isEmpty() || command.length() > MAX_COMMAND || command.indexOf('\n') >= 0) {
            throw new Refused("EINVAL", "a puppet command is one line of at most " + MAX_COMMAND + " characters");
        }
        State s = stateOf(p);
        if (s.answering != null || s.queued != null) {
            throw new Refused("EBUSY", "puppet " + p.pid() + " is still busy with its last command");
        }
        if (p.state() == ProcessState.WAITS4REQUEST) {
            deliver(p, s, command, requestId, true);
        } else {
            s.queued = command;
            s.queuedFor = requestId;
        }
    }

    /** A puppet died: a REPL call waiting for its report gets the exit instead. */
    void exited(Process p, long code) {
        if (!(p.attachment instanceof State)) {
            return;
        }
        State s = (State) p.attachment;
        String id = s.answering != null ? s.answering : s.queuedFor;
        if (id != null && replies != null) {
            replies.exited(id, p.pid(), code);
        }
        p.attachment = null;
    }
}
