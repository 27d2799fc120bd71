package oolong.kernel.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.BooleanSupplier;
import oolong.kernel.loop.KernelLoop;
import oolong.kernel.exec.ElfException;
import oolong.kernel.exec.ElfImage;
import oolong.kernel.exec.ProgramLoader;
import oolong.kernel.mem.SimulatedMachine;
import oolong.kernel.platform.Platform;
import oolong.kernel.platform.SimulatedPlatform;
import oolong.kernel.platform.SimulatedPlatform.Step;

/**
 * The kernel's core on the host: the real machine loop, system calls, process model, scheduler and
 * memory manager (over simulated RAM and page tables), the real user image loaded into it, and the
 * {@link SimulatedPlatform} in place of the CPU. Processes do what their scripts say.
 */
public final class SimulatedKernel {
    /** Where the user image lies in simulated RAM (a "boot module"). */
    static final long MODULE = 0x30_0000L;

    public final SimulatedPlatform platform = new SimulatedPlatform();
    public final SimulatedMachine hardware;
    public final Machine machine;
    public final KernelLoop loop;

    /** A kernel with 64 MiB of RAM whose init runs with these arguments (after "init"). */
    public SimulatedKernel(String... initArgs) {
        this(64L << 20, initArgs);
    }

    public SimulatedKernel(long ramBytes, String... initArgs) {
        byte[] elf = userImage();
        hardware = new SimulatedMachine(ramBytes, MODULE, MODULE + elf.length);
        hardware.load(MODULE, elf);
        ElfImage image;
        try {
            image = ElfImage.parse(hardware.memory, MODULE, elf.length);
        } catch (ElfException e) {
            throw new IllegalStateException("the user image fixture does not parse", e);
        }
        machine = new Machine(platform, hardware.manager, new ProgramLoader(hardware.manager, image));
        machine.scheduler.setTickNanos(1_000_000_000L / platform.timerHz());
        machine.schedulerClock.setPeriodNanos(1_000_000_000L / platform.timerHz());
        loop = new KernelLoop(platform);
        loop.onIrq(SimulatedPlatform.TIMER_IRQ, machine::tick);
        String[] argv = new String[initArgs.length + 1];
        argv[0] = "init";
        System.arraycopy(initArgs, 0, argv, 1, initArgs.length);
        if (!machine.startInit(argv)) {
            throw new IllegalStateException("init did not start");
        }
    }

    /** The user image built by the boot module, kept as a test fixture (see ElfImageTest). */
    static byte[] userImage() {
        try (InputStream in = SimulatedKernel.class.getResourceAsStream("/oolong/kernel/exec/user.elf")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Turns of the kernel loop. */
    public void turns(int n) {
        for (int i = 0; i < n; i++) {
            loop.turn(machine);
        }
    }

    /** Turns the loop until the condition holds; fails after maxTurns. */
    public void runUntil(BooleanSupplier condition, int maxTurns) {
        for (int i = 0; i < maxTurns; i++) {
            if (condition.getAsBoolean()) {
                return;
            }
            loop.turn(machine);
        }
        if (!condition.getAsBoolean()) {
            throw new AssertionError("condition not reached in " + maxTurns + " turns of the kernel loop");
        }
    }

    /**
     * Scripts pid's next steps as the calls in order, each call's result appended to results when
     * the next step starts; after the last, the process is interrupted by a timer tick.
     */
    public void scriptCalls(int pid, List<Long> results, Step... calls) {
        Step[] steps = new Step[calls.length + 1];
        for (int i = 0; i < calls.length; i++) {
            Step call = calls[i];
            boolean first = i == 0;
            steps[i] = regs -> {
                if (!first) {
                    results.add(regs.returnValue());
                }
                return call.run(regs);
            };
        }
        steps[calls.length] = regs -> {
            results.add(regs.returnValue());
            platform.tick();
            return Platform.TRAP_INTERRUPT;
        };
        platform.script(pid, steps);
    }

    public oolong.kernel.proc.Process process(int pid) {
        return machine.processes.byPid(pid);
    }
}
