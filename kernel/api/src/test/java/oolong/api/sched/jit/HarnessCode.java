package oolong.api.sched.jit;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@link NativeCode} on the host: the compiled bytes run for real, in a small C harness
 * (src/test/resources/jit/harness.c) linked with the kernel's own trampoline, jit.S, and driven
 * over a pipe. Each run or resume is one round trip; the context comes back whole after each.
 * The harness is built once per JVM with gcc into target/jit-harness. Public for kernel/os's tests.
 */
public final class HarnessCode implements NativeCode {
    private static Path built;

    private final Process process;
    private final DataOutputStream out;
    private final DataInputStream in;
    private final long[] ctx = new long[JitAbi.SIZE / 8];
    /** The map memory inline maps calls update (setMaps), sent before every run and resume and read back after. */
    private long[] maps;
    private long mapsMask;
    private long mapsCapacity;
    private boolean mapsChanged;
    /** The last answer was a call-out: Java may write the maps before the resume. */
    private boolean afterCallOut;
    /** Resumes so far: one per call-out the code made. */
    private int resumes;
    private boolean released;
    /** Runs and resumes so far (call-outs = exchanges - runs). */
    private int exchanges;

    public HarnessCode(CompiledCode code) {
        try {
            process = new ProcessBuilder(harness().toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            out = new DataOutputStream(new BufferedOutputStream(process.getOutputStream(), 1 << 16));
            in = new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 12));
            byte[] bytes = code.bytes();
            words(1, bytes.length, code.entryOffset());
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A compiled policy running in its own harness. */
    public static CompiledPolicy policy(oolong.api.sched.vm.VerifiedPolicy v) {
        CompiledCode c = PolicyCompiler.compile(v);
        return new CompiledPolicy(c, new HarnessCode(c));
    }

    /** A compiled probe or patch running in its own harness. */
    public static CompiledExtension extension(oolong.api.sched.vm.VerifiedPolicy v) {
        CompiledCode c = PolicyCompiler.compile(v);
        return new CompiledExtension(c, new HarnessCode(c));
    }

    /** The root of the repository, found from this module's directory (kernel/api or kernel/os). */
    static Path repository() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("boot/src/main/native"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find boot/src/main/native above " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    static synchronized Path harness() throws IOException {
        if (built != null) {
            return built;
        }
        Path nat = repository().resolve("boot/src/main/native");
        Path dir = Path.of("target/jit-harness").toAbsolutePath();
        Files.createDirectories(dir);
        Path source = dir.resolve("harness.c");
        try (var s = HarnessCode.class.getResourceAsStream("/jit/harness.c")) {
            Files.write(source, s.readAllBytes());
        }
        Path exe = dir.resolve("harness");
        Process cc = new ProcessBuilder(List.of("gcc", "-O1", "-std=gnu11", "-Wall", "-Werror",
                "-I", nat.resolve("include").toString(), source.toString(), nat.resolve("kernel/jit.S").toString(),
                "-o", exe.toString())).redirectErrorStream(true).start();
        String log = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!cc.waitFor(120, TimeUnit.SECONDS) || cc.exitValue() != 0) {
                throw new IllegalStateException("building the jit harness failed:\n" + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        built = exe;
        return exe;
    }

    private void words(long a, long b, long c) throws IOException {
        out.writeLong(Long.reverseBytes(a));
        out.writeLong(Long.reverseBytes(b));
        out.writeLong(Long.reverseBytes(c));
    }

    private void words2(long a, long b) throws IOException {
        out.writeLong(Long.reverseBytes(a));
        out.writeLong(Long.reverseBytes(b));
    }

    /** The map memory as the harness holds it (only changes travel). */
    private long[] shadow;

    private int exchange(long cmd, long value) {
        exchanges++;
        try {
            /* What changed in Java since the harness last saw it: Java writes the maps only in a
               call-out (before the resume that follows it), or hands over another memory. */
            if (mapsChanged || (maps != null && afterCallOut)) {
                boolean reset = mapsChanged;
                if (reset) {
                    shadow = new long[maps == null ? 0 : maps.length];      /* the harness zeroes its copy: only nonzero words travel */
                }
                int n = 0;
                for (int i = 0; i < shadow.length; i++) {
                    n += maps[i] != shadow[i] ? 1 : 0;
                }
                words(8, shadow.length, mapsMask);
                words(mapsCapacity, n, reset ? 1 : 0);
                for (int i = 0; i < shadow.length; i++) {
                    if (maps[i] != shadow[i]) {
                        words2(i, maps[i]);
                        shadow[i] = maps[i];
                    }
                }
                mapsChanged = false;
            }
            words(cmd, value, 0);
            out.flush();
            for (int i = 0; i < ctx.length; i++) {
                ctx[i] = Long.reverseBytes(in.readLong());
            }
            long changed = Long.reverseBytes(in.readLong());
            for (long k = 0; k < changed; k++) {
                int i = (int) Long.reverseBytes(in.readLong());
                long v = Long.reverseBytes(in.readLong());
                maps[i] = v;
                shadow[i] = v;
            }
        } catch (IOException e) {
            throw new IllegalStateException("the jit harness died (exit " + (process.isAlive() ? "?" : process.exitValue()) + ")", e);
        }
        afterCallOut = ctx[JitAbi.STATUS / 8] == JitAbi.CALLOUT;
        return (int) ctx[JitAbi.STATUS / 8];
    }

    @Override
    public void setQueue(long size, long current, long now, long[] values, int stride, int columns) {
        try {
            words(4, size, current);
            words(now, columns, 0);
            for (int id = JitAbi.FIRST_COLUMN_ID; id <= JitAbi.LAST_COLUMN_ID; id++) {
                if ((columns & (1 << id)) != 0) {
                    for (int i = 0; i < size; i++) {
                        out.writeLong(Long.reverseBytes(values[(id - JitAbi.FIRST_COLUMN_ID) * stride + i]));
                    }
                }
            }
            if ((columns & (1 << JitAbi.SCRATCH_ID)) != 0) {
                for (int s = 0; s < JitAbi.SCRATCH_SLOTS; s++) {
                    for (int i = 0; i < size; i++) {
                        out.writeLong(Long.reverseBytes(values[(JitAbi.SCRATCH_COLUMN + s) * stride + i]));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void setEvent(long pid, long hook, long now, long[] args) {
        try {
            words(5, pid, hook);
            words(now, 0, 0);
            for (int i = 0; i < JitAbi.EVENT_ARG_COUNT; i++) {
                out.writeLong(Long.reverseBytes(args == null ? 0 : args[i]));   /* null: the code reads none */
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void setMaps(long[] memory, long mask, long capacity) {
        mapsChanged = maps != memory || mapsChanged;
        maps = memory;
        mapsMask = mask;
        mapsCapacity = capacity;
    }

    /** Runs and resumes the code made so far (a resume follows every call-out). */
    public int exchanges() {
        return exchanges;
    }

    @Override
    public int run(long remaining) {
        return exchange(2, remaining);
    }

    @Override
    public int runExtension(long remaining) {
        return exchange(6, remaining);
    }

    @Override
    public int resume(long result) {
        resumes++;
        return exchange(3, result);
    }

    /** Call-outs answered so far (every resume follows one). */
    public int resumes() {
        return resumes;
    }

    /** Whether the code has been given back ({@link #release}). */
    public boolean released() {
        return released;
    }

    @Override
    public void setField(int offset, long value) {
        try {
            words(7, offset, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ctx[offset / 8] = value;
    }

    @Override
    public long field(int offset) {
        return ctx[offset / 8];
    }

    @Override
    public void release() {
        released = true;
        try {
            out.close();
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            /* the harness is gone already */
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            process.destroyForcibly();
        }
    }
}
