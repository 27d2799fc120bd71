package oolong.repl;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The host side's layering (docs/architecture.md, "The host side"), from the class files of the
 * qmp, introspect and repl modules. Top to bottom:
 *
 * <pre>
 *   oolong.repl            the entry points (Main, OfflineMain) and their wiring
 *   oolong.repl.shell      JShell engine, console, batch runner        oolong.repl.api  the facades k, vm
 *   oolong.repl.reload     /reload and --watch: the state log, replay, rebuild, source watch
 *                                                                      oolong.repl.session  the machine session
 *   oolong.repl.view, .snippet, .introspect, .agent; oolong.introspect; oolong.qmp; oolong.qmp.transport
 * </pre>
 *
 * The shell knows nothing of the kernel (it runs snippets); the facades know nothing of the shell
 * (they are what snippets call); only the entry points join the two.
 */
class HostLayeringTest {
    static JavaClasses host;

    @BeforeAll
    static void importHostClasses() {
        /* Main classes only. qmp's test classes reach this classpath as its test jar (FakePeer), and
           once a build has run to package that is a jar, which DO_NOT_INCLUDE_TESTS (test-classes
           directories) does not recognise: so test jars are left out by name too. */
        host = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("oolong.repl", "oolong.qmp", "oolong.introspect");
    }

    @Test
    void noPackageCycles() {
        slices().matching("oolong.(**)").should().beFreeOfCycles().check(host);
    }

    @Test
    void theLayers() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("entry").definedBy("oolong.repl")
                .layer("shell").definedBy("oolong.repl.shell..")
                .layer("facades").definedBy("oolong.repl.api..")
                .layer("session").definedBy("oolong.repl.session..")
                .layer("introspection").definedBy("oolong.repl.introspect..", "oolong.introspect..")
                .layer("agent").definedBy("oolong.repl.agent..")
                .layer("reload").definedBy("oolong.repl.reload..")
                .layer("views").definedBy("oolong.repl.view..")
                .layer("snippets").definedBy("oolong.repl.snippet..")
                .layer("qmp").definedBy("oolong.qmp")
                .layer("transport").definedBy("oolong.qmp.transport..")
                .whereLayer("entry").mayNotBeAccessedByAnyLayer()
                .whereLayer("shell").mayOnlyBeAccessedByLayers("entry")
                .whereLayer("facades").mayOnlyBeAccessedByLayers("entry")
                .whereLayer("session").mayOnlyBeAccessedByLayers("entry", "facades")
                .whereLayer("introspection").mayOnlyBeAccessedByLayers("entry", "facades", "session")
                .whereLayer("agent").mayOnlyBeAccessedByLayers("entry", "facades", "session")
                .whereLayer("reload").mayOnlyBeAccessedByLayers("entry")
                .whereLayer("views").mayOnlyBeAccessedByLayers("shell", "facades")
                .whereLayer("snippets").mayOnlyBeAccessedByLayers("entry", "shell", "facades")
                .whereLayer("qmp").mayOnlyBeAccessedByLayers("entry", "facades", "session", "introspection")
                .whereLayer("transport").mayOnlyBeAccessedByLayers("qmp", "agent")
                .check(host);
    }

    @Test
    void qmpAndIntrospectKnowNothingOfTheRepl() {
        noClasses().that().resideInAnyPackage("oolong.qmp..", "oolong.introspect..")
                .should().dependOnClassesThat().resideInAPackage("oolong.repl..").check(host);
        noClasses().that().resideInAPackage("oolong.introspect..")
                .should().dependOnClassesThat().resideInAPackage("oolong.qmp..").check(host);
    }

    @Test
    void theFacadesDoNotReachIntoTheShell() {
        noClasses().that().resideInAPackage("oolong.repl.api..")
                .should().dependOnClassesThat().resideInAnyPackage("oolong.repl.shell..", "oolong.repl").check(host);
    }

    /**
     * docs/architecture.md's picture of the host's layers names every package of repl and qmp, and
     * docs/layers.svg draws each (as "repl.x", "qmp.x"; the root packages by their full names).
     */
    @Test
    void theDocsShowEveryHostPackage() throws IOException {
        String doc = Files.readString(Path.of("../docs/architecture.md"));
        String picture = doc.substring(doc.indexOf("`HostLayeringTest`"), doc.indexOf("## The seams"));
        String svg = Files.readString(Path.of("../docs/layers.svg"));
        Set<String> packages = new TreeSet<>();
        host.forEach(c -> packages.add(c.getPackageName()));
        for (String p : packages) {
            if (!p.startsWith("oolong.repl") && !p.startsWith("oolong.qmp")) {
                continue;
            }
            assertTrue(Pattern.compile(Pattern.quote(p) + "(?![.\\w])").matcher(picture).find(),
                    "docs/architecture.md's host picture does not name " + p);
            String drawn = p.substring("oolong.".length());
            assertTrue(svg.contains(">" + drawn + "<") || svg.contains(">" + p + "<"), "docs/layers.svg does not draw " + p);
        }
    }

    /** The host speaks to the kernel through the agent and memory, and shares only kernel/api's types with it. */
    @Test
    void theHostUsesNoKernelInternals() {
        noClasses().should().dependOnClassesThat().resideInAPackage("oolong.kernel..").check(host);
    }
}
