package oolong.repl.introspect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import oolong.introspect.program.CpuState;
import oolong.introspect.program.Image;
import oolong.introspect.program.Program;
import oolong.introspect.program.Symbol;
import oolong.qmp.Registers;

/**
 * The REPL's link to the build's debug information: the kernel and user images (symbols, TeaVM's
 * names, layouts) from the images directory, loaded on first use. Answers what an address is
 * without any machine, and checks that a memory image holds this very build.
 */
public final class Introspection {
    private final Path images;
    private Image kernel;
    private Image user;
    private boolean userMissing;

    public Introspection(Path images) {
        this.images = images;
    }

    public Path images() {
        return images;
    }

    public synchronized Image kernel() {
        if (kernel == null) {
            try {
                kernel = Image.load(images, "kernel");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return kernel;
    }

    public synchronized Optional<Image> user() {
        if (user == null && !userMissing) {
            try {
                user = Image.load(images, "user");
            } catch (IOException e) {
                userMissing = true;
            }
        }
        return Optional.ofNullable(user);
    }

    /** What an address is in the images: kernel code and data below 1 GiB, the user image above. */
    public Optional<Symbol> symbol(long address) {
        if (address >= 0 && address < Program.KERNEL_LIMIT) {
            return kernel().symbolize(address);
        }
        return user().flatMap(u -> u.symbolize(address));
    }

    /** A program over some memory, with these images. */
    public Program program(oolong.introspect.memory.PhysicalMemory memory, CpuState cpu) {
        return new Program(memory, kernel(), user().orElse(null), cpu);
    }

    /** The same, with the registers read when first needed. */
    public Program program(oolong.introspect.memory.PhysicalMemory memory, java.util.function.Supplier<CpuState> cpu) {
        return new Program(memory, kernel(), user().orElse(null), cpu);
    }

    /**
     * Fails unless the memory holds this build's kernel (the first page of its code is compared):
     * reading a different build's memory with these layouts would show nonsense.
     */
    public void checkSameBuild(Program program) {
        Image k = kernel();
        byte[] expected = k.textHead();
        byte[] actual = program.read(k.textStart(), expected.length);
        if (!Arrays.equals(expected, actual)) {
            throw new IllegalStateException("the kernel in this memory is not the build in " + images
                    + " (its code differs): its symbols and layouts would not fit; open it with the images it was built"
                    + " with (--images DIR)");
        }
    }

    /** CPU 0's registers as QEMU's monitor reported them. */
    public static CpuState cpu(Registers r) {
        Map<String, Long> m = new LinkedHashMap<>(r.all());
        m.putIfAbsent("CPL", (long) r.cpl());
        return new CpuState(m);
    }
}
