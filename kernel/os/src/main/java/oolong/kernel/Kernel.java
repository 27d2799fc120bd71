package oolong.kernel;

import oolong.kernel.agent.AgentEvents;
import oolong.kernel.agent.AgentPort;
import oolong.kernel.agent.FaultOperations;
import oolong.kernel.agent.ProcessOperations;
import oolong.kernel.agent.SchedOperations;
import oolong.kernel.agent.KernelOperations;
import oolong.kernel.arch.Cpu;
import oolong.kernel.arch.KernelMemory;
import oolong.kernel.core.Machine;
import oolong.kernel.exec.ElfException;
import oolong.kernel.exec.ElfImage;
import oolong.kernel.exec.ProgramLoader;
import oolong.kernel.mem.MemoryManager;
import oolong.kernel.arch.ExitCode;
import oolong.kernel.arch.Multiboot;
import oolong.kernel.dev.PortIo;
import oolong.kernel.dev.SerialPort;
import oolong.kernel.dev.pci.PciBus;
import oolong.kernel.mem.MemSelfTest;
import oolong.kernel.proc.bench.GuestModelBench;
import oolong.kernel.selftest.SelfTest;

/**
 * The kernel's Java entry point, called by the generated C main() once the runtime is up
 * (boot/src/main/native/kernel/entry.c).
 */
public final class Kernel {
    private Kernel() {
    }

    public static void main(String[] args) {
        SerialPort serial = new SerialPort(PortIo.HARDWARE, SerialPort.COM1);
        serial.init();
        Log.init(serial);
        Multiboot boot = Multiboot.fromBootLoader();
        CommandLine cmd = CommandLine.parse(boot.commandLine);
        banner(boot, cmd);
        Cpu.initUserMode();

        String crash = cmd.get("crash", null);
        if (crash != null) {
            Crash.now(crash);
        }
        if (cmd.has("selftest")) {
            int failed = SelfTest.run();
            Cpu.exitQemu(failed == 0 ? ExitCode.SUCCESS : ExitCode.FAILURE);
        }
        if (cmd.has("modelbench") || cmd.get("modelbench", null) != null) {
            boolean ok = GuestModelBench.run(cmd.get("modelbench", "full"));
            Cpu.exitQemu(ok ? ExitCode.SUCCESS : ExitCode.FAILURE);
        }
        if (cmd.has("memtest")) {
            int failed = MemSelfTest.run(boot);
            Cpu.exitQemu(failed == 0 ? ExitCode.SUCCESS : ExitCode.FAILURE);
        }
        KernelLoop loop = new KernelLoop();
        Monitor monitor = new Monitor(serial, boot, cmd);
        serial.enableReceiveInterrupt();
        loop.onIrq(4, monitor::poll);
        AgentPort agent = AgentPort.start(new PciBus(PortIo.HARDWARE));
        Machine machine = startMachine(boot, cmd, agent);
        if (agent != null) {
            KernelOperations.register(agent.agent(), agent, loop, machine);
            oolong.kernel.agent.CoverageOperations.register(agent.agent());
            loop.onIrq(agent.irq(), agent::poll);
            agent.poll();          /* the device may have spoken before its line was unmasked */
        }
        int hz = (int) cmd.getLong("hz", 100);
        Cpu.startTimer(hz);
        if (machine != null) {
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
            Cpu.panicExit(ExitCode.PANIC);
        }
    }

    /**
     * Sets up memory and processes and starts init from the user image with the commands given by
     * {@code init="cmd1;cmd2"} ({@code shutdown}: init exits when they are done, and the machine with
     * it). Null when there is no user image (the console and the agent still work).
     */
    private static Machine startMachine(Multiboot boot, CommandLine cmd, AgentPort agent) {
        MemoryManager memory = KernelMemory.boot(boot);
        ElfImage image;
        try {
            image = KernelMemory.userImage(boot);
        } catch (ElfException e) {
            Log.println("no user image (" + e.getMessage() + "); running without processes");
            return null;
        }
        plantBug(cmd.get("plant", null));
        Machine machine = new Machine(memory, new ProgramLoader(memory, image));
        if (agent != null) {
            ProcessOperations.register(agent.agent(), machine);
            SchedOperations.register(agent.agent(), machine);
            FaultOperations.register(agent.agent(), machine);
            machine.puppets.setAgent(agent.agent());
            machine.setEvents(new AgentEvents(agent.agent()));
        }
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
            return null;
        }
        Log.println("init started: " + String.join(" ", argv) + " (" + memory.frames().freeFrames() + " frames free)");
        return machine;
    }

    /** {@code plant=NAME}: a deliberate defect for testing the campaign (oolong.kernel.plant.PlantedBugs). */
    private static void plantBug(String name) {
        if (!oolong.kernel.plant.PlantedBugs.plant(name)) {
            Log.println("plant=" + name + ": no such planted bug (" + String.join(", ", oolong.kernel.plant.PlantedBugs.NAMES)
                    + "); none planted");
        } else if (oolong.kernel.plant.PlantedBugs.planted() != null) {
            Log.println("plant=" + name + ": a deliberate defect is on, for testing the campaign (docs/campaigns.md)");
        }
    }

    private static void banner(Multiboot boot, CommandLine cmd) {
        Log.println("");
        Log.println(Version.NAME + " -- a kernel in Java (x86-64, TeaVM C backend), booted in "
                + millis(Cpu.clockNanos()) + " ms after kmain");
        Log.println("memory: " + (boot.usableBytes() >> 20) + " MiB usable; kernel image "
                + hex(Cpu.imageStart()) + "-" + hex(Cpu.imageEnd()) + "; Java runtime arena "
                + hex(Cpu.arenaStart()) + "-" + hex(Cpu.arenaEnd()) + " (" + ((Cpu.arenaEnd() - Cpu.arenaStart()) >> 20)
                + " MiB)");
        Log.println("command line: " + (cmd.raw().isEmpty() ? "(empty)" : cmd.raw()));
        for (Multiboot.Module m : boot.modules) {
            Log.println("module: " + (m.name.isEmpty() ? "(unnamed)" : m.name) + " at " + hex(m.start) + ", "
                    + ((m.end - m.start + 1023) / 1024) + " KiB");
        }
        Log.println("TSC " + (Cpu.tscHz() / 1_000_000) + " MHz; wall clock at boot " + Cpu.bootEpochSeconds()
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
