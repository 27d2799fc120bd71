package oolong.api;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * kernel/api's own layers. The module is shared by the kernel (compiled by TeaVM into the guest),
 * the user image and the host tools, so it may use nothing but the JDK and itself: no kernel or
 * host package, no third-party library. Inside, the policy VM sits on the two APIs it runs
 * (scheduler policies, probes and patches), the JIT on the VM, and nothing below imports upward.
 * docs/architecture.md's kernel/api entry names this test and every package below.
 */
class ApiLayeringTest {
    static final JavaClasses API = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("oolong.api");

    /**
     * What each package may import of kernel/api besides itself, lowest first ("" is oolong.api:
     * the system-call vocabulary, which every package may use).
     */
    static final Map<String, String[]> MAY_IMPORT = new LinkedHashMap<>();

    static {
        MAY_IMPORT.put("", new String[] {});
        MAY_IMPORT.put("probe", new String[] {""});
        MAY_IMPORT.put("sched", new String[] {""});
        MAY_IMPORT.put("sched.vm", new String[] {"", "probe", "sched"});
        MAY_IMPORT.put("sched.jit", new String[] {"", "probe", "sched", "sched.vm"});
    }

    private static String pkg(String p) {
        return p.isEmpty() ? "oolong.api" : "oolong.api." + p;
    }

    @Test
    void eachPackageImportsOnlyTheLayersBelowIt() {
        for (Map.Entry<String, String[]> e : MAY_IMPORT.entrySet()) {
            List<String> allowed = new ArrayList<>();
            allowed.add(pkg(e.getKey()));
            for (String p : e.getValue()) {
                allowed.add(pkg(p));
            }
            classes().that().resideInAPackage(pkg(e.getKey()))
                    .should().onlyDependOnClassesThat(not(resideInAPackage("oolong.."))
                            .or(resideInAnyPackage(allowed.toArray(new String[0]))))
                    .because(pkg(e.getKey()) + " may import only " + allowed)
                    .check(API);
        }
    }

    /** The guest runs this code too: the JDK (as TeaVM provides it) and kernel/api, nothing else. */
    @Test
    void onlyTheJdkAndItself() {
        classes().should().onlyDependOnClassesThat(resideInAnyPackage("java..", "oolong.api.."))
                .because("kernel/api is compiled into the guest and shared with the host")
                .check(API);
    }

    @Test
    void everyPackageHasALayer() {
        String[] known = MAY_IMPORT.keySet().stream().map(ApiLayeringTest::pkg).toArray(String[]::new);
        classes().should().resideInAnyPackage(known)
                .because("a new package gets its place in MAY_IMPORT (and in docs/architecture.md)")
                .check(API);
    }

    @Test
    void thePackagesFormNoCycle() {
        slices().matching("oolong.(**)").should().beFreeOfCycles().check(API);
    }

    /** docs/architecture.md's kernel/api entry names every package of the module and this test; docs/layers.svg shows each. */
    @Test
    void theArchitecturePageNamesEveryPackage() throws IOException {
        String doc = Files.readString(Path.of("../../docs/architecture.md"));
        String entry = doc.substring(doc.indexOf("\nkernel/api "), doc.indexOf("\nkernel/os "));
        for (String p : MAY_IMPORT.keySet()) {
            if (!p.isEmpty()) {
                assertTrue(Pattern.compile(Pattern.quote(pkg(p)) + "(?![.\\w])").matcher(entry).find(),
                        "docs/architecture.md's kernel/api entry does not name " + pkg(p) + ":\n" + entry);
            }
        }
        assertTrue(entry.contains("ApiLayeringTest"), "docs/architecture.md's kernel/api entry does not name ApiLayeringTest");
        String svg = Files.readString(Path.of("../../docs/layers.svg"));
        for (String p : MAY_IMPORT.keySet()) {
            assertTrue(Pattern.compile(Pattern.quote(pkg(p)) + "(?![.\\w])").matcher(svg).find(), "docs/layers.svg does not show " + pkg(p));
        }
    }
}
