package oolong.boot.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Boots the built kernel once in QEMU (TCG) with the serial console captured, waits for it to
 * exit through isa-debug-exit, and always kills QEMU when the deadline passes.
 */
final class QemuRun {
    static final Path IMAGES = Path.of("target/images");

    final int status;
    final String console;

    private QemuRun(int status, String console) {
        this.status = status;
        this.console = console;
    }

    static QemuRun boot(String append, int memoryMiB, long timeoutSeconds) throws IOException, InterruptedException {
        Path serial = Files.createTempFile("oolong-serial", ".log");
        List<String> cmd = new ArrayList<>(List.of("qemu-system-x86_64", "-accel", "tcg", "-m", Integer.toString(memoryMiB),
                "-display", "none", "-no-reboot", "-nic", "none", "-monitor", "none",
                "-serial", "file:" + serial, "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
                "-kernel", IMAGES.resolve("kernel.elf").toString(), "-initrd", IMAGES.resolve("user.elf").toString(),
                "-append", append));
        Process qemu = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            if (!qemu.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                throw new AssertionError("QEMU did not exit within " + timeoutSeconds + " s; console:\n"
                        + Files.readString(serial, StandardCharsets.UTF_8));
            }
            return new QemuRun(qemu.exitValue(), Files.readString(serial, StandardCharsets.UTF_8).replace("\r\n", "\n"));
        } finally {
            qemu.destroyForcibly();
            qemu.waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(serial);
        }
    }
}
