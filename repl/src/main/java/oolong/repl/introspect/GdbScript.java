package oolong.repl.introspect;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The gdb command file that attaches Debian's gdb to a machine through QEMU's gdbstub with both
 * images' symbols and DWARF (Java source lines), the Java sources on gdb's source path, and the
 * helper that maps TeaVM's C names to Java methods ({@code jbreak Processes.kill}; the
 * {@code oolong-gdb.py} resource). scripts/oolong gdb writes the same file in bash.
 */
public final class GdbScript {
    static final String HELPER = "oolong-gdb.py";

    private GdbScript() {
    }

    /** Writes oolong.gdb (and the helper) into a directory; returns the command file. */
    public static Path write(Path dir, Introspection introspection, int port) throws IOException {
        Path helper = dir.resolve(HELPER);
        try (InputStream in = GdbScript.class.getResourceAsStream(HELPER)) {
            if (in == null) {
                throw new IOException("the gdb helper " + HELPER + " is missing from the class path");
            }
            Files.write(helper, in.readAllBytes());
        }
        Path images = introspection.images().toAbsolutePath();
        List<String> lines = new ArrayList<>(List.of(
                "# gdb on an Oolong machine (docs/introspection.md): symbols, Java names, the gdbstub",
                "set pagination off",
                "set confirm off",
                "set architecture i386:x86-64",
                "file " + images.resolve("kernel64.elf")));
        if (Files.exists(images.resolve("user64.elf"))) {
            lines.add("add-symbol-file " + images.resolve("user64.elf"));
        }
        List<String> sources = new ArrayList<>();
        Path root = images.getParent() == null || images.getParent().getParent() == null ? null
                : images.getParent().getParent().getParent();
        for (String module : List.of("kernel/os", "kernel/api", "kernel/user")) {
            if (root != null && Files.isDirectory(root.resolve(module).resolve("src/main/java"))) {
                sources.add(root.resolve(module).resolve("src/main/java").toString());
            }
        }
        for (String image : List.of("kernel", "user")) {      /* TeaVM's C, for code that has no Java line */
            if (root != null && Files.isDirectory(root.resolve("boot/target/native").resolve(image).resolve("c"))) {
                sources.add(root.resolve("boot/target/native").resolve(image).resolve("c").toString());
            }
        }
        if (!sources.isEmpty()) {
            lines.add("directory " + String.join(":", sources));
        }
        lines.add("source " + helper);
        lines.add("oolong-debuginfo " + images.resolve("kernel.debug")
                + (Files.exists(images.resolve("user.debug")) ? " " + images.resolve("user.debug") : ""));
        /* leaving gdb must leave the machine running: detach, never kill (that would end QEMU) */
        lines.add("define hook-quit");
        lines.add("  python if gdb.selected_inferior().pid: gdb.execute('detach')");
        lines.add("end");
        lines.add("target remote 127.0.0.1:" + port);
        Path script = dir.resolve("oolong.gdb");
        Files.write(script, lines);
        return script;
    }

    /**
     * For scripts/oolong gdb: {@code GdbScript DIR [PORT]} writes DIR/oolong.gdb for the images in
     * -Doolong.images (a free local port when none is given) and prints the port.
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: GdbScript DIR [PORT]");
            System.exit(64);
        }
        int port;
        if (args.length == 2) {
            port = Integer.parseInt(args[1]);
        } else {
            try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
        }
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        write(dir, new Introspection(Path.of(System.getProperty("oolong.images", "boot/target/images"))), port);
        System.out.println(port);
    }

    /** The command line of gdb with the command file, as /gdb runs it on the REPL's terminal. */
    public static List<String> command(Path script) {
        return List.of("gdb", "-q", "-x", script.toString());
    }
}
