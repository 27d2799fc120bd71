package oolong.kernel.proc;

import java.util.ArrayList;
import java.util.List;
import oolong.kernel.mem.MemStatus;
import oolong.kernel.mem.Region;
import oolong.kernel.mem.SimulatedMachine;
import oolong.kernel.mem.UserAddressSpace;
import oolong.kernel.mem.UserLayout;

/**
 * A process model over real (simulated) page tables, with hooks that record what the kernel
 * would be told. Every process gets a small anonymous region it can use as buffers.
 */
final class Fixture implements ProcessHooks {
    static final long BUFFERS = UserLayout.MMAP_BASE;

    final SimulatedMachine machine = new SimulatedMachine(128L << 20);
    final Processes model = new Processes(this);
    final List<String> exits = new ArrayList<>();
    final List<Integer> runnable = new ArrayList<>();
    Long shutdownCode;
    String panic;

    final long framesAtStart = machine.frames.freeFrames();
    final int registersAtStart = FakeRegisters.live;
    final Process init;

    Fixture() {
        UserAddressSpace space = machine.manager.createAddressSpace();
        space.mapDemandZero(BUFFERS, 16 * UserLayout.PAGE, Region.READ | Region.WRITE, Region.Kind.ANONYMOUS);
        init = model.seed("init", space, new FakeRegisters());
    }

    Process fork(Process parent, int flags) {
        Processes.Result r = model.fork(parent, flags);
        if (!r.ok()) {
            throw new AssertionError("fork failed: " + r.error);
        }
        parent.registers.setReturnValue(r.process.pid());
        return r.process;
    }

    /** A new pipe in the process's table: {read slot, write slot}. */
    int[] pipe(Process p) {
        long ends = model.pipes().create(p);
        if (ends < 0) {
            throw new AssertionError("pipe failed: " + ends);
        }
        return new int[] {Pipes.readSlot(ends), Pipes.writeSlot(ends)};
    }

    /** Writes bytes into a process's buffer area. */
    void poke(Process p, long offset, byte[] data) {
        if (p.addressSpace().write(BUFFERS + offset, data, 0, data.length) != MemStatus.OK) {
            throw new AssertionError("poke failed");
        }
    }

    byte[] peek(Process p, long offset, int length) {
        byte[] b = new byte[length];
        if (p.addressSpace().read(BUFFERS + offset, b, 0, length) != MemStatus.OK) {
            throw new AssertionError("peek failed");
        }
        return b;
    }

    List<String> check() {
        return Invariants.check(model);
    }

    @Override
    public void runnableChanged(Process p, boolean isRunnable) {
        if (isRunnable) {
            runnable.add(p.pid());
        } else {
            runnable.remove((Integer) p.pid());
        }
    }

    @Override
    public void exited(Process p, long code) {
        exits.add(p.pid() + ":" + code);
    }

    @Override
    public void shutdown(long initCode) {
        shutdownCode = initCode;
    }

    @Override
    public void panic(String message) {
        panic = message;
    }
}
