package oolong.repl.introspect;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Function;
import oolong.introspect.dump.CoreDump;
import oolong.introspect.memory.CachedMemory;
import oolong.introspect.program.CpuState;
import oolong.introspect.program.Program;

/**
 * A dump (QEMU's ELF core, written by vm.dump) as a target: no QEMU, nothing changes, so one
 * cached program serves every look.
 */
public final class DumpTarget implements Target, AutoCloseable {
    private final CoreDump dump;
    private final Introspection introspection;
    private final Program program;

    private DumpTarget(CoreDump dump, Introspection introspection) {
        this.dump = dump;
        this.introspection = introspection;
        CpuState cpu = dump.cpus().isEmpty() ? null : dump.cpus().get(0);
        this.program = introspection.program(new CachedMemory(dump, LiveTarget.CHUNK_BITS), cpu);
        introspection.checkSameBuild(program);
    }

    /** Opens a dump read with the debug information of an images directory; fails if the build differs. */
    public static DumpTarget open(Path file, Introspection introspection) throws IOException {
        CoreDump d = CoreDump.open(file);
        try {
            return new DumpTarget(d, introspection);
        } catch (RuntimeException e) {
            d.close();
            throw e;
        }
    }

    public CoreDump dump() {
        return dump;
    }

    @Override
    public <T> T look(Function<Program, T> computation) {
        return computation.apply(program);
    }

    @Override
    public Program browser() {
        return program;
    }

    @Override
    public String describe() {
        return "dump " + dump.path();
    }

    @Override
    public Introspection introspection() {
        return introspection;
    }

    @Override
    public void close() throws IOException {
        dump.close();
    }
}
