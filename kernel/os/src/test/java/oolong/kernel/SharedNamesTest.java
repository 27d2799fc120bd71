package oolong.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A simple class name in two modules misleads a reader unless the two are the same thing seen from
 * the two sides of the wire, or one is the REPL's contract (issue 12, finding 6). The names main
 * sources share across modules are exactly those docs/architecture.md's table "Names shared across
 * modules" lists with its reason, so a new one fails here until it is renamed or explained; and the
 * names that misled once stay renamed.
 */
class SharedNamesTest {
    /** Module of a main source: kernel/os, kernel/api, kernel/user, or the top folder. */
    static String module(Path p) {
        String[] parts = FileSizeTest.ROOT.relativize(p).toString().replace('\\', '/').split("/");
        return parts[0].equals("kernel") ? parts[0] + "/" + parts[1] : parts[0];
    }

    static String simpleName(Path p) {
        String f = p.getFileName().toString();
        return f.substring(0, f.length() - ".java".length());
    }

    /** Simple name -> the modules whose main sources have a class of that name, for names in two or more. */
    static Map<String, Set<String>> sharedNames() throws IOException {
        Map<String, Set<String>> modules = new TreeMap<>();
        for (Path p : FileSizeTest.mainSources()) {
            modules.computeIfAbsent(simpleName(p), n -> new TreeSet<>()).add(module(p));
        }
        modules.values().removeIf(m -> m.size() < 2);
        return modules;
    }

    @Test
    void theNamesSharedAcrossModulesAreTheOnesTheDocsExplain() throws IOException {
        String doc = Files.readString(FileSizeTest.ROOT.resolve("docs/architecture.md"));
        String table = doc.substring(doc.indexOf("| name | kernel side | host side | why both |"),
                doc.indexOf("Where a name misled"));
        Set<String> documented = new TreeSet<>();
        for (String line : table.split("\n")) {
            if (line.startsWith("| `")) {
                for (Matcher m = Pattern.compile("`(\\w+)`").matcher(line.substring(0, line.indexOf(" |", 2))); m.find(); ) {
                    documented.add(m.group(1));
                }
            }
        }
        assertFalse(documented.isEmpty(), "the table was not found");
        assertEquals(documented, sharedNames().keySet(),
                "names in several modules (" + sharedNames() + ") against docs/architecture.md's table");
    }

    /** What issue 12 renamed keeps its new name (docs/architecture.md, "Where a name misled"). */
    @Test
    void whatWasRenamedStaysRenamed() throws IOException {
        List<Path> sources = FileSizeTest.mainSources();
        for (String gone : List.of("ExitCode", "Registers", "Crash")) {
            for (Path p : sources) {
                boolean allowed = gone.equals("Registers") && module(p).equals("qmp")
                        || gone.equals("Crash") && module(p).equals("kernel/user");
                assertTrue(allowed || !simpleName(p).equals(gone), p + ": " + gone + " was renamed (QemuExitCode, "
                        + "UserRegisters, ...) and must not come back");
            }
        }
        Path os = FileSizeTest.ROOT.resolve("kernel/os/src/main/java/oolong/kernel");
        assertFalse(Files.exists(os.resolve("core/BuiltInPolicies.java")), "the built-in policies live in sched");
        assertTrue(Files.exists(os.resolve("sched/BuiltInPolicies.java")));
        assertTrue(Files.exists(os.resolve("arch/QemuExitCode.java")));
        String exitCodes = Files.readString(FileSizeTest.ROOT.resolve("kernel/api/src/main/java/oolong/api/ExitCodes.java"));
        assertFalse(exitCodes.contains("FILICIDE"), "a kill's default code is KILLED");
        assertTrue(exitCodes.contains("KILLED"));
    }
}
