package oolong.repl.it;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import oolong.qmp.VmConfig;
import oolong.repl.api.Kernel;
import oolong.repl.session.Session;

/** What the REPL's integration tests share: booting the built images, and waiting for a state. */
final class LiveKernel {
    static final long DEADLINE_NANOS = 20_000_000_000L;

    private LiveKernel() {
    }

    /** A booted session on the images the build made (system property oolong.images). */
    static Session boot() throws IOException {
        Path images = Path.of(System.getProperty("oolong.images", "../boot/target/images"));
        Session session = new Session(new VmConfig().kernel(images.resolve("kernel.elf"))
                .module(images.resolve("user.elf").toString()), null);
        session.boot();
        return session;
    }

    /** Waits until the condition holds (for a machine without an agent to ask). */
    static void untilTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    /** Waits until the condition holds, with the process tree in the failure message. */
    static void until(Kernel k, BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what + "\n" + k.ps());
            }
            Thread.sleep(20);
        }
    }
}
