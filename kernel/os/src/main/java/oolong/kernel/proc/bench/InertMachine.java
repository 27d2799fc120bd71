package oolong.kernel.proc.bench;

import java.util.List;
import oolong.kernel.mem.AddressSpace;
import oolong.kernel.mem.Fault;
import oolong.kernel.mem.Mapping;
import oolong.kernel.mem.MemStatus;
import oolong.kernel.mem.Region;
import oolong.kernel.proc.Process;
import oolong.kernel.proc.ProcessHooks;
import oolong.kernel.platform.UserRegisters;

/**
 * What the process model talks to, with no real machine behind it: hooks that only count, address
 * spaces with no page tables (fork makes a new empty one, free retires it) and registers that are
 * one return value. The model's own work (tree, states, refcounts, pid map, forgotten list) is
 * untouched, so a benchmark over these measures the model alone, on the host (HotSpot) and in the
 * guest (the same classes compiled to native code) alike.
 *
 * Every object counts itself in and out here, so a leak in the model shows as a counter that does
 * not return to its baseline.
 */
public final class InertMachine implements ProcessHooks {
    /** Address spaces made and not yet freed. */
    long spacesLive;
    /** Registers made and not yet released. */
    long registersLive;
    /** Processes the model reported runnable (RUNNING) minus those it reported not. */
    long runnable;
    long exits;

    public long runnable() {
        return runnable;
    }

    public long exits() {
        return exits;
    }

    public AddressSpace newSpace() {
        return new Space(this);
    }

    public UserRegisters newRegisters() {
        return new Regs(this);
    }

    // ------------------------------------------------------------------ hooks

    @Override
    public void runnableChanged(Process p, boolean isRunnable) {
        runnable += isRunnable ? 1 : -1;
    }

    @Override
    public void exited(Process p, long code) {
        exits++;
    }

    @Override
    public void shutdown(long initCode) {
        /* init's end: nothing of the workload reads it */
    }

    @Override
    public void panic(String message) {
        throw new IllegalStateException("process model panic: " + message);
    }

    // ------------------------------------------------------------------ registers

    /** A process's registers as far as the model uses them: the system-call return value (RAX). */
    static final class Regs implements UserRegisters {
        private final InertMachine machine;
        private long ret;
        private boolean released;

        Regs(InertMachine machine) {
            this.machine = machine;
            machine.registersLive++;
        }

        @Override
        public long get(int register) {
            return register == RAX ? ret : 0;
        }

        @Override
        public void set(int register, long value) {
            if (register == RAX) {
                ret = value;
            }
        }

        @Override
        public void setReturnValue(long value) {
            ret = value;
        }

        @Override
        public long returnValue() {
            return ret;
        }

        @Override
        public UserRegisters copy() {
            Regs r = new Regs(machine);
            r.ret = ret;
            return r;
        }

        @Override
        public void release() {
            if (released) {
                throw new IllegalStateException("registers released twice");
            }
            released = true;
            machine.registersLive--;
        }
    }

    // ------------------------------------------------------------------ address spaces

    /**
     * An address space with nothing in it: no page tables, no frames. Memory accesses fail
     * (EFAULT) as they would on an unmapped address; the benchmark never makes any.
     */
    static final class Space implements AddressSpace {
        private final InertMachine machine;
        private boolean freed;

        Space(InertMachine machine) {
            this.machine = machine;
            machine.spacesLive++;
        }

        @Override
        public long pml4() {
            return 0;
        }

        @Override
        public void activate() {
        }

        @Override
        public int handleFault(long address, long errorCode) {
            return Fault.NO_REGION;
        }

        @Override
        public AddressSpace fork() {
            if (freed) {
                throw new IllegalStateException("fork of a freed address space");
            }
            return new Space(machine);
        }

        @Override
        public void free() {
            if (freed) {
                throw new IllegalStateException("address space freed twice");
            }
            freed = true;
            machine.spacesLive--;
        }

        @Override
        public int read(long address, byte[] dst, int offset, int length) {
            return MemStatus.EFAULT;
        }

        @Override
        public int write(long address, byte[] src, int offset, int length) {
            return MemStatus.EFAULT;
        }

        @Override
        public int readLong(long address, long[] out) {
            return MemStatus.EFAULT;
        }

        @Override
        public int writeLong(long address, long value) {
            return MemStatus.EFAULT;
        }

        @Override
        public int map(long address, long length, int prot) {
            return MemStatus.ENOMEM;
        }

        @Override
        public int mapDemandZero(long address, long length, int prot, Region.Kind kind) {
            return MemStatus.ENOMEM;
        }

        @Override
        public int unmap(long address, long length) {
            return MemStatus.EINVAL;
        }

        @Override
        public long findFree(long length) {
            return MemStatus.ENOMEM;
        }

        @Override
        public long translate(long address) {
            return -1;
        }

        @Override
        public List<Mapping> mappings() {
            return java.util.Collections.emptyList();
        }

        @Override
        public List<Region> regions() {
            return java.util.Collections.emptyList();
        }
    }
}
