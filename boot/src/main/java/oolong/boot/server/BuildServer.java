package oolong.boot.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import oolong.boot.teavm.PatchedTeaVMLoader;

/**
 * The REPL's long-lived build: javac and TeaVM stay loaded and JIT-warm across reloads, and no
 * Maven starts. The REPL starts it on its first /reload and it lives as long as the REPL: it reads
 * commands on its standard input, which is a pipe from the REPL, and exits when that ends (the
 * REPL left, or was killed).
 *
 * <pre>
 *   build     javac of what changed in the image modules ({@link IncrementalJavac}), then the
 *             image builder on kernel and user, as `mvn package` runs it (same native, work and
 *             output directories, same caches), in one class loader kept for the server's life
 *   (EOF)     exit
 * </pre>
 * Each build prints the image builder's progress lines, then one of
 * {@code [oolong-build-server] done ok|failed} or {@code [oolong-build-server] done maven: WHY}:
 * the latter when something the server itself is made of changed (the image builder's own
 * sources, introspection's, a pom.xml), which only Maven rebuilds; the server then exits, and the
 * REPL runs Maven and starts a fresh server next time.
 *
 * Started as {@code java -cp BOOT-CLASSPATH oolong.boot.server.BuildServer ROOT}, with the boot
 * module's run-time class path in which the image modules' jars are replaced by their class
 * directories (scripts/oolong does that), so that what javac writes is what TeaVM reads.
 */
public final class BuildServer {
    static final String DONE = "[oolong-build-server] done ";
    /** The image modules, in build order. */
    static final List<String> MODULES = List.of("kernel/api", "kernel/os", "kernel/user");
    /** What the server is made of: a change there needs Maven (and a new server). */
    static final List<String> SELF = List.of("boot/src/main/java", "introspect/src/main/java", "pom.xml", "boot/pom.xml",
            "introspect/pom.xml", "kernel/api/pom.xml", "kernel/os/pom.xml", "kernel/user/pom.xml");

    private final Path root;
    private final Path work;
    private final Path out;
    private final IncrementalJavac javac;
    private final FileTime started;
    private final Method imageBuilder;

    /** A server for the checkout at root, building where `mvn package` builds. */
    BuildServer(Path root) throws Exception {
        this(root, root.resolve("boot/target/native"), root.resolve("boot/target/images"));
    }

    /** A server whose image builder works in {@code work} and writes the images to {@code out}. */
    BuildServer(Path root, Path work, Path out) throws Exception {
        this.root = root;
        this.work = work;
        this.out = out;
        List<Path> modules = new ArrayList<>();
        for (String m : MODULES) {
            modules.add(root.resolve(m));
        }
        this.javac = new IncrementalJavac(modules, System.getProperty("java.class.path"));
        this.started = newest(root);
        ClassLoader loader = PatchedTeaVMLoader.forClassPath();
        Thread.currentThread().setContextClassLoader(loader);
        this.imageBuilder = Class.forName("oolong.boot.ImageBuilder", true, loader).getMethod("run", String[].class);
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: BuildServer ROOT   (then commands on standard input: build)");
            System.exit(64);
        }
        BuildServer server = new BuildServer(Path.of(args[0]).toAbsolutePath());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.trim().equals("build")) {
                String outcome = server.build(System.out);
                System.out.println(DONE + outcome);
                System.out.flush();
                if (outcome.startsWith("maven")) {
                    break;
                }
            } else if (!line.isBlank()) {
                System.out.println("[oolong-build-server] unknown command '" + line.trim() + "' (build)");
                System.out.println(DONE + "failed");
                System.out.flush();
            }
        }
        System.exit(0);
    }

    /** One build: "ok", "failed", or "maven: why". */
    String build(PrintStream out) {
        long t0 = System.nanoTime();
        double cpu0 = oolong.boot.CpuClock.seconds();
        try {
            FileTime self = newest(root);
            if (self.compareTo(started) > 0) {
                return "maven: the build itself changed (" + String.join(", ", SELF) + ")";
            }
            long j0 = System.nanoTime();
            String compiled = javac.compileChanged();
            out.printf(Locale.ROOT, "[oolong-build] %s (%.1f s)%n", compiled, (System.nanoTime() - j0) / 1e9);
            int status = (int) imageBuilder.invoke(null, (Object) new String[] {
                "--native", root.resolve("boot/src/main/native").toString(),
                "--work", work.toString(),
                "--out", this.out.toString(),
                "--only", "kernel,user"});
            if (status != 0) {
                return "failed";
            }
            /* as scripts/oolong build-images does: the images are newer than every source now */
            Files.setLastModifiedTime(this.out.resolve("kernel.elf"), FileTime.fromMillis(System.currentTimeMillis()));
            out.printf(Locale.ROOT, "[oolong-build] images built in %.1f s (CPU %.1f s) by the build server (no Maven)%n",
                    (System.nanoTime() - t0) / 1e9, oolong.boot.CpuClock.seconds() - cpu0);
            return "ok";
        } catch (IncrementalJavac.JavacFailed e) {
            out.println(e.getMessage());
            out.println("[oolong-build] FAILED: javac");
            return "failed";
        } catch (Exception e) {
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ite ? ite.getCause() : e;
            out.println("[oolong-build] FAILED: " + cause);
            return "failed";
        }
    }

    /** The newest modification time among what the server is made of. */
    private static FileTime newest(Path root) throws IOException {
        FileTime newest = FileTime.fromMillis(0);
        for (String s : SELF) {
            Path p = root.resolve(s);
            if (!Files.exists(p)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(p)) {
                for (Path f : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                    FileTime t = Files.getLastModifiedTime(f);
                    if (t.compareTo(newest) > 0) {
                        newest = t;
                    }
                }
            }
        }
        return newest;
    }
}
