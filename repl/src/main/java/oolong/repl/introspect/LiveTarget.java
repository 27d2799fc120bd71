package oolong.repl.introspect;

import java.util.function.Function;
import java.util.function.Supplier;
import oolong.introspect.memory.CachedMemory;
import oolong.introspect.program.CpuState;
import oolong.introspect.program.Program;
import oolong.qmp.VirtualMachine;

/**
 * A live machine as a target. Each look pauses a running guest (QMP stop), reads CPU 0's registers
 * and whatever memory the computation needs (through a cache of 256 KiB chunks: a handful of
 * round trips instead of one per field), and lets it run again; a paused, hung-and-paused or
 * panicked guest is left as it is. The machine is looked up at each call: it changes on reboot
 * and restore.
 */
public final class LiveTarget implements Target {
    /** Chunks of 256 KiB: faster than 64 KiB and 1 MiB at both 100 and 1,000 processes (docs/perf.md). */
    static final int CHUNK_BITS = 18;

    private final Supplier<VirtualMachine> machine;
    private final Introspection introspection;
    private VirtualMachine checked;

    public LiveTarget(Supplier<VirtualMachine> machine, Introspection introspection) {
        this.machine = machine;
        this.introspection = introspection;
    }

    @Override
    public <T> T look(Function<Program, T> computation) {
        VirtualMachine vm = machine.get();
        boolean running = vm.status().equals("running");
        if (running) {
            vm.stop();
        }
        try {
            Program p = introspection.program(new CachedMemory(new LiveMemory(vm), CHUNK_BITS),
                    () -> Introspection.cpu(vm.registers()));
            check(vm, p);
            return computation.apply(p);
        } finally {
            if (running) {
                vm.cont();
            }
        }
    }

    @Override
    public Program browser() {
        VirtualMachine vm = machine.get();
        Program p = introspection.program(new LiveMemory(vm), (CpuState) null);
        check(vm, p);
        return p;
    }

    private synchronized void check(VirtualMachine vm, Program p) {
        if (checked != vm) {
            introspection.checkSameBuild(p);
            checked = vm;
        }
    }

    @Override
    public String describe() {
        return "the live machine";
    }

    @Override
    public Introspection introspection() {
        return introspection;
    }
}
