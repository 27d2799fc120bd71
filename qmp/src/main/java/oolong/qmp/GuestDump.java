package oolong.qmp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Writes the guest's memory and CPU state to a file in a standard format: QEMU's
 * {@code dump-guest-memory}, an ELF core (one PT_LOAD segment per range of RAM, by physical
 * address; NT_PRSTATUS and QEMU's own CPU-state note per CPU), the same format {@code crash}
 * reads. QEMU holds the guest still while it writes and lets it run again if it was running;
 * a panicked guest stays panicked.
 */
public final class GuestDump {
    /** Long enough for several GiB of RAM on a loaded disk. */
    static final Duration TIMEOUT = Duration.ofMinutes(10);

    private GuestDump() {
    }

    /** Writes the dump and returns its size in bytes. */
    public static long write(VirtualMachine vm, Path file) throws IOException {
        Path target = file.toAbsolutePath();
        if (target.getParent() != null) {
            Files.createDirectories(target.getParent());
        }
        Files.deleteIfExists(target);
        /* paging=false: memory by physical address, which is what the kernel's pointers are */
        vm.qmp().call("dump-guest-memory", Map.of("paging", false, "protocol", "file:" + target), TIMEOUT);
        if (!Files.exists(target)) {
            throw new IOException("QEMU reported a dump but wrote no file at " + target);
        }
        return Files.size(target);
    }
}
