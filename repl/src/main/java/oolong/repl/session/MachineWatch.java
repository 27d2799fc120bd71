package oolong.repl.session;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import oolong.qmp.QemuExitStatus;
import oolong.qmp.VirtualMachine;
import oolong.repl.agent.AgentClient;

/**
 * Watches one machine for an end nobody asked for: QEMU exiting (the kernel shut down, a crash,
 * a signal) or the agent connection dropping while QEMU runs on. It posts one notice saying what
 * happened and how to go on, and remembers it, so that later calls are refused with the same
 * words. The session {@link #stop stops} the watch before it ends or replaces the machine itself,
 * so a reboot, a restore or leaving the REPL is not reported.
 */
final class MachineWatch {
    /** How long a dropped agent connection waits for QEMU's exit, so that one end gives one notice. */
    static final long EXIT_GRACE_MILLIS = 1000;

    private final VirtualMachine vm;
    private final MachineNotices notices;
    private final Supplier<String> howToGoOn;
    private volatile boolean stopped;
    private volatile String ended;

    MachineWatch(VirtualMachine vm, AgentClient agent, MachineNotices notices, Supplier<String> howToGoOn) {
        this.vm = vm;
        this.notices = notices;
        this.howToGoOn = howToGoOn;
        vm.onExit().thenAccept(status -> end("the machine has ended: " + QemuExitStatus.describe(status) + lastWords(status)));
        agent.onClose(reason -> vm.onExit().completeOnTimeout(null, EXIT_GRACE_MILLIS, TimeUnit.MILLISECONDS)
                .thenAccept(status -> {
                    if (status == null) {
                        end("the agent connection dropped (" + reason + "); QEMU still runs (" + status() + ")"
                                + " but k cannot reach the kernel");
                    }
                }));
    }

    /** The session ends or replaces the machine on purpose: nothing to report from now on. */
    void stop() {
        stopped = true;
    }

    /** What ended the machine, or null while it lives. */
    String ended() {
        return ended;
    }

    private synchronized void end(String what) {
        if (stopped || ended != null) {
            return;
        }
        ended = what;
        notices.post("*** " + what + "\n*** " + howToGoOn.get());
    }

    /** The console's last line when the kernel ended the run itself ("init exited with code 9; shutting down"). */
    private String lastWords(int status) {
        if (status < QemuExitStatus.SUCCESS || status > QemuExitStatus.RUNTIME) {
            return "";
        }
        String[] lines = vm.serialOutput().strip().split("\n");
        /* the kernel's serial monitor may have printed its prompt on that line */
        String last = lines[lines.length - 1].strip().replaceFirst("^(oolong> )+", "").strip();
        return last.isEmpty() ? "" : "; the console's last line: " + last;
    }

    private String status() {
        try {
            return "status " + vm.status();
        } catch (RuntimeException e) {
            return "its status is unknown: " + e.getMessage();
        }
    }
}
