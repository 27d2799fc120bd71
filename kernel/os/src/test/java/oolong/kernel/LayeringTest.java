package oolong.kernel;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The kernel's layers (docs/architecture.md draws them) as rules over its compiled classes: which
 * package may import which, that only arch touches the hardware, and that the packages form no
 * cycle. A change that breaks a layer fails here, with the offending dependency named.
 */
class LayeringTest {
    static final JavaClasses KERNEL = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("oolong.kernel");

    /**
     * What each package may import of the kernel (besides itself, the JDK and oolong.api), lowest
     * layer first. The root package (the entry point, the console) may import everything; nothing
     * imports it. docs/architecture.md has the same table.
     */
    static final Map<String, String[]> MAY_IMPORT = new LinkedHashMap<>();

    static {
        MAY_IMPORT.put("platform", new String[] {});
        MAY_IMPORT.put("error", new String[] {});
        MAY_IMPORT.put("log", new String[] {});
        MAY_IMPORT.put("coverage", new String[] {});
        MAY_IMPORT.put("plant", new String[] {});
        MAY_IMPORT.put("random", new String[] {});
        MAY_IMPORT.put("arch", new String[] {"platform", "log"});
        MAY_IMPORT.put("dev", new String[] {"platform"});
        MAY_IMPORT.put("dev.pci", new String[] {"platform", "dev"});
        MAY_IMPORT.put("dev.virtio", new String[] {"platform", "dev"});
        MAY_IMPORT.put("mem", new String[] {"platform", "error"});
        MAY_IMPORT.put("handle", new String[] {"error", "plant"});
        MAY_IMPORT.put("sched", new String[] {"error", "random"});
        MAY_IMPORT.put("fault", new String[] {"platform", "random"});
        MAY_IMPORT.put("probe", new String[] {"sched"});
        MAY_IMPORT.put("exec", new String[] {"mem", "platform", "error"});
        MAY_IMPORT.put("proc", new String[] {"handle", "mem", "sched", "fault", "platform", "error", "plant"});
        MAY_IMPORT.put("proc.bench", new String[] {"proc", "handle", "mem", "platform", "log", "error", "random"});
        MAY_IMPORT.put("core", new String[] {"proc", "handle", "mem", "exec", "sched", "fault", "probe", "platform", "log",
            "error"});
        MAY_IMPORT.put("loop", new String[] {"core", "platform"});
        MAY_IMPORT.put("debug", new String[] {"core"});
        MAY_IMPORT.put("agent", new String[] {"core", "loop", "proc", "handle", "mem", "exec", "sched", "fault", "probe", "platform",
            "dev", "dev.pci", "dev.virtio", "log", "error", "coverage"});
        MAY_IMPORT.put("boot", new String[] {"arch", "mem", "exec", "platform"});
        MAY_IMPORT.put("selftest", new String[] {"arch", "boot", "mem", "exec", "platform", "log"});
    }

    @Test
    void eachPackageImportsOnlyTheLayersBelowIt() {
        for (Map.Entry<String, String[]> e : MAY_IMPORT.entrySet()) {
            List<String> allowed = new ArrayList<>();
            allowed.add("oolong.kernel." + e.getKey());
            for (String p : e.getValue()) {
                allowed.add("oolong.kernel." + p);
            }
            classes().that().resideInAPackage("oolong.kernel." + e.getKey())
                    .should().onlyDependOnClassesThat(not(resideInAPackage("oolong.kernel.."))
                            .or(resideInAnyPackage(allowed.toArray(new String[0]))))
                    .because("docs/architecture.md: " + e.getKey() + " may import only " + String.join(", ", e.getValue()))
                    .check(KERNEL);
        }
    }

    @Test
    void everyPackageHasALayer() {
        classes().that().resideInAPackage("oolong.kernel..")
                .should().resideInAnyPackage(packagesWithALayer())
                .because("a new package gets its place in the layers (MAY_IMPORT and docs/architecture.md)")
                .check(KERNEL);
    }

    private static String[] packagesWithALayer() {
        List<String> all = new ArrayList<>();
        all.add("oolong.kernel");
        for (String p : MAY_IMPORT.keySet()) {
            all.add("oolong.kernel." + p);
        }
        return all.toArray(new String[0]);
    }

    /**
     * The hardware is arch's: nothing else imports Cpu (the C intrinsics) or TeaVM's Address and
     * @Import. Drivers (dev) are no exception: they reach ports and device memory through
     * platform.PortIo and platform.DeviceMemory, whose x86 implementations are arch's.
     */
    @Test
    void onlyArchTouchesTheHardware() {
        noClasses().that().resideOutsideOfPackage("oolong.kernel.arch")
                .should().dependOnClassesThat().haveFullyQualifiedName("oolong.kernel.arch.Cpu")
                .orShould().dependOnClassesThat().resideInAPackage("org.teavm.interop..")
                .check(KERNEL);
    }

    @Test
    void theCoreDoesNotKnowTheAgent() {
        noClasses().that().resideInAPackage("oolong.kernel.core")
                .should().dependOnClassesThat().resideInAPackage("oolong.kernel.agent..")
                .check(KERNEL);
    }

    @Test
    void nothingImportsTheEntryPointsPackage() {
        noClasses().that().resideOutsideOfPackage("oolong.kernel")
                .should().dependOnClassesThat().resideInAPackage("oolong.kernel")
                .check(KERNEL);
    }

    @Test
    void thePackagesFormNoCycle() {
        slices().matching("oolong.kernel.(**)").should().beFreeOfCycles().check(KERNEL);
    }

    /**
     * docs/architecture.md's table of what each package may import is this test's MAY_IMPORT, row
     * for row, and its picture (docs/layers.svg) shows every package.
     */
    @Test
    void theDocsShowTheseLayers() throws IOException {
        Map<String, List<String>> documented = new TreeMap<>();
        boolean inTable = false;
        Pattern row = Pattern.compile("^\\| `([a-z.]+)` \\| (.*) \\|$");
        Pattern name = Pattern.compile("`([a-z.]+)`");
        for (String line : Files.readAllLines(Path.of("../../docs/architecture.md"))) {
            if (line.startsWith("| package | may import |")) {
                inTable = true;
            } else if (inTable && !line.startsWith("|")) {
                break;
            } else if (inTable) {
                Matcher m = row.matcher(line);
                if (m.matches()) {
                    List<String> imports = new ArrayList<>();
                    for (Matcher n = name.matcher(m.group(2)); n.find(); ) {
                        imports.add(n.group(1));
                    }
                    documented.put(m.group(1), imports);
                }
            }
        }
        Map<String, List<String>> rules = new TreeMap<>();
        MAY_IMPORT.forEach((k, v) -> rules.put(k, Arrays.asList(v)));
        assertEquals(rules, documented, "docs/architecture.md's table against MAY_IMPORT");
        String svg = Files.readString(Path.of("../../docs/layers.svg"));
        for (String p : MAY_IMPORT.keySet()) {
            assertTrue(svg.contains(">" + p + "<"), "docs/layers.svg does not show " + p);
        }
    }
}
