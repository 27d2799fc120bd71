package oolong.qmp;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a {@link VirtualMachine} is started with. Defaults: 256 MiB, TCG (on many cloud machines
 * /dev/kvm is an emulation far slower than TCG; KVM only when asked), no network, no display.
 */
public final class VmConfig {
    int memoryMiB = 256;
    String accelerator = "tcg";
    Path kernel;
    final List<String> modules = new ArrayList<>();
    String append = "";
    boolean agentPort = true;
    boolean noReboot = true;
    boolean pvpanic = true;
    boolean debugExit = true;
    Path incomingState;
    final List<String> extraArgs = new ArrayList<>();
    /** Directories of the owner that QEMU's supervisor removes if the owner (this JVM) dies. */
    final List<Path> ownerDirectories = new ArrayList<>();
    String qemuBinary = "qemu-system-x86_64";

    public VmConfig memoryMiB(int mib) {
        if (mib < 16 || mib > 65536) {
            throw new IllegalArgumentException("memory must be 16..65536 MiB, not " + mib);
        }
        this.memoryMiB = mib;
        return this;
    }

    public VmConfig accelerator(String accel) {
        if (!accel.equals("tcg") && !accel.equals("kvm")) {
            throw new IllegalArgumentException("accelerator must be tcg or kvm, not " + accel);
        }
        this.accelerator = accel;
        return this;
    }

    /** A multiboot kernel for -kernel (no kernel: the machine sits in its firmware). */
    public VmConfig kernel(Path kernel) {
        this.kernel = kernel;
        return this;
    }

    /** A multiboot module (QEMU's -initrd); "path args" passes a command line with it. */
    public VmConfig module(String module) {
        if (module.contains(",")) {
            throw new IllegalArgumentException("a module path must not contain ',' (QEMU's separator): " + module);
        }
        modules.add(module);
        return this;
    }

    public VmConfig append(String commandLine) {
        this.append = commandLine == null ? "" : commandLine;
        return this;
    }

    /** Whether to add the virtio-serial port "oolong.agent" bound to a socket (default yes). */
    public VmConfig agentPort(boolean on) {
        this.agentPort = on;
        return this;
    }

    public VmConfig noReboot(boolean on) {
        this.noReboot = on;
        return this;
    }

    /** Start from a saved machine state (QEMU's -incoming) instead of booting. */
    public VmConfig incoming(Path stateFile) {
        this.incomingState = stateFile;
        return this;
    }

    public VmConfig extraArg(String arg) {
        extraArgs.add(arg);
        return this;
    }

    /**
     * A directory of this JVM's (the REPL's snapshots, say) that QEMU's supervisor removes along
     * with the machine's own directory if this JVM dies without closing the machine.
     */
    public VmConfig removeIfOwnerDies(Path dir) {
        ownerDirectories.add(dir);
        return this;
    }

    public VmConfig qemuBinary(String binary) {
        this.qemuBinary = binary;
        return this;
    }

    public VmConfig copy() {
        VmConfig c = new VmConfig();
        c.memoryMiB = memoryMiB;
        c.accelerator = accelerator;
        c.kernel = kernel;
        c.modules.addAll(modules);
        c.append = append;
        c.agentPort = agentPort;
        c.noReboot = noReboot;
        c.pvpanic = pvpanic;
        c.debugExit = debugExit;
        c.incomingState = incomingState;
        c.extraArgs.addAll(extraArgs);
        c.ownerDirectories.addAll(ownerDirectories);
        c.qemuBinary = qemuBinary;
        return c;
    }

    @Override
    public String toString() {
        return accelerator + ", " + memoryMiB + " MiB" + (kernel == null ? ", no kernel" : ", " + kernel.getFileName())
                + (append.isEmpty() ? "" : ", \"" + append + "\"");
    }

    /** The QEMU command line for sockets and files in dir. */
    List<String> commandLine(Path dir) {
        List<String> cmd = new ArrayList<>();
        cmd.add(qemuBinary);
        cmd.addAll(List.of("-accel", accelerator, "-m", Integer.toString(memoryMiB), "-display", "none",
                "-nic", "none", "-monitor", "none", "-nodefaults", "-vga", "none"));
        cmd.addAll(List.of("-qmp", "unix:" + dir.resolve("qmp.sock") + ",server=on,wait=off"));
        cmd.addAll(List.of("-serial", "file:" + dir.resolve("serial.log")));
        if (noReboot) {
            cmd.add("-no-reboot");
        }
        if (debugExit) {
            cmd.addAll(List.of("-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"));
        }
        if (pvpanic) {
            /* on a guest panic QEMU pauses the machine, keeping it for inspection */
            cmd.addAll(List.of("-device", "pvpanic", "-action", "panic=pause"));
        }
        if (agentPort) {
            cmd.addAll(List.of("-device", "virtio-serial-pci,id=vser0",
                    "-chardev", "socket,id=agent,path=" + dir.resolve("agent.sock") + ",server=on,wait=off",
                    "-device", "virtserialport,bus=vser0.0,nr=1,chardev=agent,name=oolong.agent"));
        }
        if (kernel != null) {
            cmd.addAll(List.of("-kernel", kernel.toString()));
            if (!modules.isEmpty()) {
                cmd.addAll(List.of("-initrd", String.join(",", modules)));
            }
            cmd.addAll(List.of("-append", append));
        }
        if (incomingState != null) {
            cmd.addAll(List.of("-incoming", "exec:cat " + shellQuote(incomingState.toString())));
        }
        cmd.addAll(extraArgs);
        return cmd;
    }

    static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
