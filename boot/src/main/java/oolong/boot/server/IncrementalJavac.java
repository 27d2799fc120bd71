package oolong.boot.server;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * javac for the image modules (the kernel API, the kernel, the user programs), run inside the
 * build server's JVM so that it stays warm, compiling only what changed.
 *
 * A source is stale, as Maven's compiler plugin judges it, when its class file is missing or
 * older. Only stale sources are compiled, against the module's own classes and the rest of the
 * class path, with Maven's options ({@code -g --release 17 -encoding UTF-8}), so each class file
 * comes out as Maven's would. That is also true of the classes not recompiled as long as the
 * changed classes' interface to other sources is the same: their non-private members and
 * constant values ({@link ClassInterface}). When it changed, another source may compile
 * differently (an inlined constant, an overload), so the module and every module after it are
 * compiled whole, as Maven does when anything in a module changed.
 */
final class IncrementalJavac {
    private final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    private final List<Path> modules;
    private final String classPath;

    /** Modules in build order (each a directory with src/main/java and target/classes); the class path to compile against. */
    IncrementalJavac(List<Path> modules, String classPath) {
        this.modules = modules;
        this.classPath = classPath;
    }

    /** Compiles what changed; returns what it did, one line, or throws with javac's errors. */
    String compileChanged() throws IOException {
        List<String> done = new ArrayList<>();
        boolean whole = false;
        for (Path module : modules) {
            Path sources = module.resolve("src/main/java");
            Path classes = module.resolve("target/classes");
            List<Path> all = javaFiles(sources);
            List<Path> stale = whole ? all : all.stream().filter(s -> isStale(sources, classes, s)).toList();
            if (stale.isEmpty()) {
                continue;
            }
            String before = whole ? "" : ClassInterface.of(classes, relative(sources, stale));
            compile(stale, classes);
            if (!whole && !ClassInterface.of(classes, relative(sources, stale)).equals(before)) {
                whole = true;       /* other sources may see the change: this module and the later ones, whole */
                compile(all, classes);
                done.add(module.getFileName() + ": " + all.size() + " sources (an interface changed)");
            } else {
                done.add(module.getFileName() + ": " + stale.size() + (whole ? " sources" : " changed"));
            }
        }
        return done.isEmpty() ? "javac: nothing changed" : "javac: " + String.join(", ", done);
    }

    private void compile(List<Path> files, Path classes) throws IOException {
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, Locale.ROOT, java.nio.charset.StandardCharsets.UTF_8)) {
            List<String> options = List.of("-d", classes.toString(), "-classpath", classes + java.io.File.pathSeparator + classPath,
                    "-implicit:none", "-proc:none", "-g", "--release", "17", "-encoding", "UTF-8", "-nowarn");
            StringWriter out = new StringWriter();
            boolean ok = javac.getTask(out, fm, diagnostics, options, null, fm.getJavaFileObjectsFromPaths(files)).call();
            if (!ok) {
                StringBuilder errors = new StringBuilder();
                for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                    if (d.getKind() == Diagnostic.Kind.ERROR) {
                        errors.append(d.getSource() == null ? "" : d.getSource().getName() + ":" + d.getLineNumber() + ": ")
                                .append("error: ").append(d.getMessage(Locale.ROOT)).append('\n');
                    }
                }
                throw new JavacFailed(errors.toString().trim());
            }
        }
    }

    /** javac reported errors. */
    static final class JavacFailed extends RuntimeException {
        JavacFailed(String errors) {
            super(errors);
        }
    }

    private static boolean isStale(Path sources, Path classes, Path source) {
        String rel = sources.relativize(source).toString();
        Path cls = classes.resolve(rel.substring(0, rel.length() - ".java".length()) + ".class");
        try {
            return !Files.exists(cls) || Files.getLastModifiedTime(cls).compareTo(Files.getLastModifiedTime(source)) < 0;
        } catch (IOException e) {
            return true;
        }
    }

    private static List<String> relative(Path sources, List<Path> files) {
        return files.stream().map(f -> sources.relativize(f).toString()).toList();
    }

    private static List<Path> javaFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }
}
