package oolong.boot;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The native tools the pipeline runs (gcc, ld, objcopy) and musl's static C library.
 * Everything is found up front so that a missing piece fails the build with one clear message
 * that says how to install it, instead of a confusing error halfway through.
 */
public final class Toolchain {
    static final Path MUSL_INCLUDE = Path.of("/usr/include/x86_64-linux-musl");
    static final Path MUSL_LIBC = Path.of("/usr/lib/x86_64-linux-musl/libc.a");

    final Path gcc;
    final Path ld;
    final Path objcopy;
    final Path gccInclude;
    final Path libgcc;

    private Toolchain(Path gcc, Path ld, Path objcopy, Path gccInclude, Path libgcc) {
        this.gcc = gcc;
        this.ld = ld;
        this.objcopy = objcopy;
        this.gccInclude = gccInclude;
        this.libgcc = libgcc;
    }

    /** Finds the tools on PATH, or throws {@link BuildException} naming every missing one. */
    public static Toolchain detect() {
        return detect(System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    }

    static Toolchain detect(String searchPath) {
        List<String> missing = new ArrayList<>();
        Path gcc = onPath(searchPath, "gcc", missing, "gcc");
        Path ld = onPath(searchPath, "ld", missing, "binutils");
        Path objcopy = onPath(searchPath, "objcopy", missing, "binutils");
        if (!Files.isRegularFile(MUSL_LIBC) || !Files.isDirectory(MUSL_INCLUDE)) {
            missing.add("musl's static C library (" + MUSL_LIBC + "; Debian package musl-dev)");
        }
        if (!missing.isEmpty()) {
            throw new BuildException("the native toolchain is incomplete; missing: " + String.join(", ", missing)
                    + ". On Debian: sudo apt-get install gcc binutils musl-dev");
        }
        Path include = Path.of(capture(gcc.toString(), "-print-file-name=include"));
        Path libgcc = Path.of(capture(gcc.toString(), "-print-libgcc-file-name"));
        return new Toolchain(gcc, ld, objcopy, include, libgcc);
    }

    private static Path onPath(String searchPath, String name, List<String> missing, String pkg) {
        for (String dir : searchPath.split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        missing.add(name + " (Debian package " + pkg + ")");
        return null;
    }

    private static String capture(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new BuildException(String.join(" ", command) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new BuildException("cannot run " + command[0] + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildException("interrupted");
        }
    }

    /** Runs a tool; on failure throws with the tool's own output. */
    static void run(List<String> command, Path workDir) {
        try {
            Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int rc = p.waitFor();
            if (rc != 0) {
                throw new BuildException(Path.of(command.get(0)).getFileName() + " failed (exit " + rc + "):\n"
                        + String.join(" ", command) + "\n" + out);
            }
        } catch (IOException e) {
            throw new BuildException("cannot run " + command.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildException("interrupted");
        }
    }
}
