package oolong.kernel;

import oolong.kernel.agent.AgentOperations;
import oolong.kernel.agent.AgentPort;
import oolong.kernel.arch.DeliberateFault;
import oolong.kernel.arch.DirectDeviceMemory;
import oolong.kernel.arch.MemoryLayout;
import oolong.kernel.arch.Multiboot;
import oolong.kernel.arch.X86CodeMemory;
import oolong.kernel.arch.X86Platform;
import oolong.kernel.arch.X86PortIo;
import oolong.kernel.boot.BootMemory;
import oolong.kernel.core.Machine;
import oolong.kernel.debug.DebugRoots;
import oolong.kernel.dev.SerialPort;
import oolong.kernel.dev.pci.PciBus;
import oolong.kernel.exec.ElfException;
import oolong.kernel.exec.ElfImage;
import oolong.kernel.exec.ProgramLoader;
import oolong.kernel.log.Log;
import oolong.kernel.loop.KernelLoop;
import oolong.kernel.mem.MemoryManager;
import oolong.kernel.plant.PlantedBugs;
import oolong.kernel.proc.bench.GuestModelBench;
import oolong.kernel.selftest.MemSelfTest;
import oolong.kernel.selftest.SelfTest;

/**
 * The kernel's Java entry point, called by the generated C main() once the runtime is up
 * (boot/src/main/native/kernel/entry.c). It is where the parts meet: the x86 platform, the
 * drivers, the memory system, the machine, the agent and the loop are made here and handed to
 * each other; nothing below imports this package.
 */
public final class Kernel {
    private Kernel() {
    }

    public static void main(String[] args) {
        X86Platform cpu = X86Platform.INSTANCE;
        SerialPort serial = new SerialPort(X86PortIo.INSTANCE, SerialPort.COM1);
        serial.init();
        Log.init(serial::write);
        Multiboot boot = Multiboot.fromBootLoader();
        MemoryLayout layout = MemoryLayout.current();
        CommandLine cmd = CommandLine.parse(boot.commandLine);
        banner(cpu, boot, layout, cmd);
        cpu.initUserMode();

        String crash = cmd.get("crash", null);
        if (crash != null) {
            DeliberateFault.now(crash);
        }
        if (cmd.has("selftest")) {
            cpu.shutdown(SelfTest.run(cpu) == 0);
        }
        if (cmd.has("modelbench") || cmd.get("modelbench", null) != null) {
            cpu.shutdown(GuestModelBench.run(cmd.get("modelbench", "full"), cpu, layout.arenaBytes()));
        }
        if (cmd.has("memtest")) {
            cpu.shutdown(MemSelfTest.run(boot, layout, cpu) == 0);
        }
        KernelLoop loop = new KernelLoop(cpu);
        Monitor monitor = new Monitor(serial, boot, cmd, cpu);
        serial.enableReceiveInterrupt();
        loop.onIrq(4, monitor::poll);
        AgentPort agent = AgentPort.start(new PciBus(X86PortIo.INSTANCE), X86PortIo.INSTANCE, DirectDeviceMemory.INSTANCE,
                cpu::dmaAlloc);
        plantBug(cmd.get("plant", null));
        Machine machine = newMachine(cpu, boot, layout);
        if (machine != null && "off".equals(cmd.get("jit", "on"))) {
            machine.compilation.setEnabled(false);
        }
        if (agent != null) {
            AgentOperations.install(agent.agent(), Version.NAME, cpu, agent, loop, machine);
        }
        if (machine != null && !startInit(machine, cmd)) {
            machine = null;
        }
        if (agent != null) {
            loop.onIrq(agent.irq(), agent::poll);
            loop.addPoller(agent::pollIfBusy);
            agent.poll();          /* the device may have spoken before its line was unmasked */
        }
        int hz = (int) cmd.getLong("hz", 100);
        cpu.startTimer(hz);
        if (machine != null) {
            machine.scheduler.setTickNanos(1_000_000_000L / cpu.timerHz());
            machine.schedulerClock.setPeriodNanos(1_000_000_000L / cpu.timerHz());
            loop.onIrq(0, machine::tick);
        }
        monitor.setMachine(machine);
        monitor.start();
        try {
            loop.run(machine);
        } catch (RuntimeException e) {
            String what = e.getClass().getName() + ": " + e.getMessage();
            if (machine != null) {
                machine.panicReport(what);
            }
            Log.println("*** KERNEL PANIC: " + what);
            cpu.panicExit();
        }
    }

    /** Sets up memory and the process model over the user image; null when there is none (the console and the agent still work). */
    private static Machine newMachine(X86Platform cpu, Multiboot boot, MemoryLayout layout) {
        MemoryManager memory = BootMemory.memoryManager(boot, layout);
        ElfImage image;
        try {
            image = BootMemory.userImage(boot);
        } catch (ElfException e) {
            Log.println("no user image (" + e.getMessage() + "); running without processes");
            return null;
        }
        Machine machine = new Machine(cpu, memory, new ProgramLoader(memory, image));
        machine.setCodeMemory(new X86CodeMemory());    /* compiled policies (jit=off: interpreted unless asked) */
        DebugRoots.publish(machine);
        return machine;
    }

    /**
     * Selects the policy asked for ({@code sched=NAME}) and starts init with the commands given by
     * {@code init="cmd1;cmd2"} ({@code shutdown}: init exits when they are done, and the machine with
     * it); false when init could not be started.
     */
    private static boolean startInit(Machine machine, CommandLine cmd) {
        String policy = cmd.get("sched", null);
        if (policy != null && !machine.useBuiltIn(policy)) {
            Log.println("sched=" + policy + ": no such built-in policy; keeping " + machine.scheduler.policyName());
        }
        java.util.List<String> argv = new java.util.ArrayList<>();
        argv.add("init");
        if (cmd.has("shutdown")) {
            argv.add("--exit");
        }
        for (String command : cmd.get("init", "").split(";")) {
            if (!command.isBlank()) {
                argv.add(command.trim());
            }
        }
        if (!machine.startInit(argv.toArray(new String[0]))) {
            return false;
        }
        Log.println("init started: " + String.join(" ", argv) + " (" + machine.memory.frames().freeFrames() + " frames free)");
        return true;
    }

    /** {@code plant=NAME}: a deliberate defect for testing the campaign (oolong.kernel.plant.PlantedBugs). */
    private static void plantBug(String name) {
        if (!PlantedBugs.plant(name)) {
            Log.println("plant=" + name + ": no such planted bug (" + String.join(", ", PlantedBugs.NAMES)
                    + "); none planted");
        } else if (PlantedBugs.planted() != null) {
            Log.println("plant=" + name + ": a deliberate defect is on, for testing the campaign (docs/campaigns.md)");
        }
    }

    private static void banner(X86Platform cpu, Multiboot boot, MemoryLayout layout, CommandLine cmd) {
        Log.println("");
        Log.println(Version.NAME + " -- a kernel in Java (x86-64, TeaVM C backend), booted in "
                + millis(cpu.clockNanos()) + " ms after kmain");
        Log.println("memory: " + (boot.usableBytes() >> 20) + " MiB usable; kernel image "
                + hex(layout.imageStart) + "-" + hex(layout.imageEnd) + "; Java runtime arena "
                + hex(layout.arenaStart) + "-" + hex(layout.arenaEnd) + " (" + (layout.arenaBytes() >> 20)
                + " MiB)");
        Log.println("command line: " + (cmd.raw().isEmpty() ? "(empty)" : cmd.raw()));
        for (Multiboot.Module m : boot.modules) {
            Log.println("module: " + (m.name.isEmpty() ? "(unnamed)" : m.name) + " at " + hex(m.start) + ", "
                    + ((m.end - m.start + 1023) / 1024) + " KiB");
        }
        Log.println("TSC " + (cpu.tscHz() / 1_000_000) + " MHz; wall clock at boot " + cpu.bootEpochSeconds()
                + " s since 1970");
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    static String millis(long nanos) {
        long tenths = nanos / 100_000;
        return (tenths / 10) + "." + (tenths % 10);
    }
}
