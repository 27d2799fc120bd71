package oolong.repl.shell;

import com.sun.source.doctree.DocCommentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePathScanner;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * The documentation comments of the facades ({@code k}, {@code vm} and what they return) and of the
 * policy API, for Tab after an open parenthesis. JShell finds javadoc only in the JDK's src.zip, so
 * the build packs these sources as resources (under {@code javadoc-sources/}) and this class
 * reads their comments with the compiler's own tree API.
 * Methods are found by class, name and parameter names, which is what JShell's signatures show.
 */
final class Javadocs {
    static final String ROOT = "javadoc-sources/";
    private static volatile Map<String, String> index;

    private Javadocs() {
    }

    /**
     * The comment of the method a JShell signature names, e.g.
     * {@code ProcessInfo Kernel.kill(int pid, long code)}, or null when there is none.
     */
    static String of(String signature) {
        String key = keyOfSignature(signature);
        return key == null ? null : index().get(key);
    }

    /** "Kernel.kill(pid,code)" from "ProcessInfo Kernel.kill(int pid, long code)". */
    static String keyOfSignature(String signature) {
        int open = signature.indexOf('(');
        int close = signature.lastIndexOf(')');
        if (open < 0 || close < open) {
            return null;
        }
        String head = signature.substring(0, open).strip();
        String qualified = head.substring(head.lastIndexOf(' ') + 1);
        List<String> names = new ArrayList<>();
        for (String p : splitTopLevel(signature.substring(open + 1, close))) {
            String t = p.strip();
            if (!t.isEmpty()) {
                names.add(t.substring(t.lastIndexOf(' ') + 1));
            }
        }
        /* keep the simple class names: "oolong.repl.api.Faults.Point.on" -> "Faults.Point.on" */
        String[] parts = qualified.split("\\.");
        int first = parts.length - 1;
        while (first > 0 && !parts[first - 1].isEmpty() && Character.isUpperCase(parts[first - 1].charAt(0))) {
            first--;
        }
        return String.join(".", java.util.Arrays.copyOfRange(parts, first, parts.length)) + "(" + String.join(",", names) + ")";
    }

    /** Splits a parameter list at commas outside angle brackets. */
    static List<String> splitTopLevel(String params) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int from = 0;
        for (int i = 0; i < params.length(); i++) {
            char c = params.charAt(i);
            if (c == '<') {
                depth++;
            } else if (c == '>') {
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(params.substring(from, i));
                from = i + 1;
            }
        }
        out.add(params.substring(from));
        return out;
    }

    private static Map<String, String> index() {
        Map<String, String> i = index;
        if (i == null) {
            synchronized (Javadocs.class) {
                if (index == null) {
                    index = load();
                }
                i = index;
            }
        }
        return i;
    }

    private static Map<String, String> load() {
        Map<String, String> docs = new HashMap<>();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            return docs;
        }
        List<SimpleJavaFileObject> files = new ArrayList<>();
        for (Map.Entry<String, String> source : sources().entrySet()) {
            files.add(new SimpleJavaFileObject(URI.create("string:///" + source.getKey()), SimpleJavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return source.getValue();
                }
            });
        }
        try {
            JavacTask task = (JavacTask) javac.getTask(null, null, d -> { }, List.of("-proc:none"), null, files);
            DocTrees trees = DocTrees.instance(task);
            for (CompilationUnitTree unit : task.parse()) {
                new TreePathScanner<Void, String>() {
                    @Override
                    public Void visitClass(ClassTree c, String outer) {
                        String name = outer == null ? c.getSimpleName().toString() : outer + "." + c.getSimpleName();
                        return super.visitClass(c, name);
                    }

                    @Override
                    public Void visitMethod(MethodTree m, String owner) {
                        DocCommentTree doc = trees.getDocCommentTree(getCurrentPath());
                        if (doc != null && owner != null) {
                            List<String> names = new ArrayList<>();
                            for (VariableTree p : m.getParameters()) {
                                names.add(p.getName().toString());
                            }
                            String method = m.getName().contentEquals("<init>") ? owner.substring(owner.lastIndexOf('.') + 1)
                                    : m.getName().toString();
                            docs.put(owner + "." + method + "(" + String.join(",", names) + ")", plain(doc.toString()));
                        }
                        return null;
                    }
                }.scan(unit, null);
            }
        } catch (IOException | RuntimeException e) {
            return docs;         /* no documentation is better than no completion */
        }
        return docs;
    }

    /** The comment as plain text: {@code x} and {@link A#b} as x and A.b, HTML tags dropped. */
    static String plain(String comment) {
        java.util.regex.Matcher link = java.util.regex.Pattern.compile("\\{@link(?:plain)? #?([^} ]*)(?: [^}]*)?}")
                .matcher(comment);
        StringBuilder linked = new StringBuilder();
        while (link.find()) {
            link.appendReplacement(linked, java.util.regex.Matcher.quoteReplacement(link.group(1).replace('#', '.')));
        }
        link.appendTail(linked);
        String s = linked.toString().replaceAll("\\{@(?:code|literal) ([^}]*)}", "$1")
                .replaceAll("</?(pre|p|b|i|em|ul|li|code)>", "").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
        return s.strip();
    }

    /** The packed sources, by path under javadoc-sources/ (from the class directory or a jar). */
    private static Map<String, String> sources() {
        Map<String, String> out = new HashMap<>();
        try {
            java.net.URL root = Javadocs.class.getClassLoader().getResource(ROOT);
            if (root == null) {
                return out;
            }
            URI uri = root.toURI();
            java.nio.file.FileSystem zip = null;
            try {
                if (uri.getScheme().equals("jar")) {
                    zip = java.nio.file.FileSystems.newFileSystem(uri, Map.of());
                }
                java.nio.file.Path dir = java.nio.file.Path.of(uri);
                try (var walk = java.nio.file.Files.walk(dir)) {
                    for (java.nio.file.Path f : walk.filter(f -> f.toString().endsWith(".java")).toList()) {
                        out.put(dir.relativize(f).toString(), java.nio.file.Files.readString(f, StandardCharsets.UTF_8));
                    }
                }
            } finally {
                if (zip != null) {
                    zip.close();
                }
            }
        } catch (IOException | java.net.URISyntaxException | RuntimeException e) {
            return out;
        }
        return out;
    }
}
