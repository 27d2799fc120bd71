package oolong.campaign.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/oolong campaign}'s part: which images it builds and what it hands the campaign.
 * The script runs from a copy in a scratch tree (its root is where it lies), with {@code mvn} and
 * {@code java} replaced by stand-ins that log their arguments (mvn also writes the images it was
 * asked for), so nothing real is built or booted.
 */
@Timeout(120)
class CampaignScriptTest {
    static final Path SCRIPT = Path.of(System.getProperty("oolong.script", "../scripts/oolong")).toAbsolutePath();
    static final FileTime OLD = FileTime.fromMillis(1_000_000_000_000L);
    static final FileTime NEW = FileTime.fromMillis(1_100_000_000_000L);

    @TempDir
    Path root;
    Path bin;
    Path images;

    record Result(int status, String output, List<String> mvn, String java) {
    }

    @BeforeEach
    void tree() throws IOException {
        assumeTrue(Files.exists(Path.of("/usr/lib/x86_64-linux-musl/libc.a")), "the script requires musl before a build");
        Files.createDirectories(root.resolve("scripts"));
        Files.copy(SCRIPT, root.resolve("scripts/oolong"));
        for (String d : List.of("kernel/os/src", "boot/src", "qmp", "repl/target", "campaign/src", "campaign/target")) {
            Files.createDirectories(root.resolve(d));
        }
        for (String f : List.of("pom.xml", "boot/pom.xml", "campaign/pom.xml", "kernel/os/src/Kernel.java")) {
            Files.writeString(root.resolve(f), "");
            Files.setLastModifiedTime(root.resolve(f), OLD);
        }
        images = Files.createDirectories(root.resolve("boot/target/images"));
        for (String f : List.of("kernel.elf", "user.elf", "kernel-coverage.elf", "kernel-coverage-map.tsv",
                "../../../repl/target/classpath.txt", "../../../campaign/target/classpath.txt")) {
            Files.writeString(images.resolve(f), "");
            Files.setLastModifiedTime(images.resolve(f), NEW);
        }
        bin = Files.createDirectories(root.resolve("bin"));
        /* mvn: logs its arguments; makes the images -Doolong.build.images names, and the class path file */
        stub("mvn", """
                echo "$*" >> "$LOG_DIR/mvn.log"
                for a in "$@"; do
                    case "$a" in
                        -Doolong.build.images=*)
                            for i in $(echo "${a#*=}" | tr , ' '); do
                                touch "$IMAGES/$i.elf"
                                [ "$i" = kernel-coverage ] && touch "$IMAGES/kernel-coverage-map.tsv"
                            done ;;
                        -Dmdep.outputFile=*) touch "${a#*=}" ;;
                    esac
                done
                exit 0
                """);
        stub("java", """
                [ "$1" = -version ] && { echo 'openjdk version "17.0.15"' >&2; exit 0; }
                printf '%s\\n' "$@" > "$LOG_DIR/java.log"
                exit 0
                """);
        for (String tool : List.of("javac", "gcc", "ld", "objcopy", "qemu-system-x86_64")) {
            stub(tool, "exit 0\n");
        }
    }

    private void stub(String name, String body) throws IOException {
        Path f = bin.resolve(name);
        Files.writeString(f, "#!/bin/bash\n" + body);
        f.toFile().setExecutable(true);
    }

    private Result run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", root.resolve("scripts/oolong").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().put("LOG_DIR", root.toString());
        pb.environment().put("IMAGES", images.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        Path mvn = root.resolve("mvn.log");
        Path java = root.resolve("java.log");
        return new Result(p.exitValue(), out, Files.exists(mvn) ? Files.readAllLines(mvn) : List.of(),
                Files.exists(java) ? Files.readString(java) : "");
    }

    /** The image build among mvn's runs (not the campaign module's class path), or null. */
    private static String imageBuild(Result r) {
        return imageBuilds(r).stream().findFirst().orElse(null);
    }

    private static List<String> imageBuilds(Result r) {
        return r.mvn().stream().filter(l -> l.contains("-Doolong.build.images=")).toList();
    }

    @Test
    void aMissingCoverageKernelIsBuilt() throws Exception {
        Files.delete(images.resolve("kernel-coverage.elf"));
        Result r = run("campaign", "--time", "5");
        assertEquals(0, r.status(), r.output());
        assertTrue(String.valueOf(imageBuild(r)).contains("-Doolong.build.images=kernel,user,kernel-coverage"), r.mvn() + r.output());
        assertTrue(r.java().contains("oolong.campaign.run.CampaignMain\n--time\n5\n"), r.java());
    }

    @Test
    void aMissingCoverageMapIsBuiltToo() throws Exception {
        Files.delete(images.resolve("kernel-coverage-map.tsv"));
        Result r = run("campaign", "--time", "5");
        assertTrue(String.valueOf(imageBuild(r)).contains("kernel-coverage"), r.mvn() + r.output());
    }

    @Test
    void aStaleCoverageKernelIsRebuiltThoughTheNormalKernelIsNot() throws Exception {
        Files.setLastModifiedTime(images.resolve("kernel-coverage.elf"), OLD);
        Files.setLastModifiedTime(root.resolve("kernel/os/src/Kernel.java"), FileTime.fromMillis(1_050_000_000_000L));
        Result r = run("campaign", "--time", "5");
        assertEquals(0, r.status(), r.output());
        assertTrue(String.valueOf(imageBuild(r)).contains("-Doolong.build.images=kernel,user,kernel-coverage"), r.mvn() + r.output());
        assertTrue(Files.getLastModifiedTime(images.resolve("kernel-coverage.elf")).compareTo(NEW) > 0,
                "newer than the sources afterwards, so the next campaign does not build again");
        Result again = run("campaign", "--time", "5");
        assertEquals(1, imageBuilds(again).size(), "one image build in all (the log holds both runs): " + again.mvn());
    }

    @Test
    void upToDateImagesAreNotBuilt() throws Exception {
        Result r = run("campaign", "--time", "5");
        assertEquals(0, r.status(), r.output());
        assertEquals(List.of(), imageBuilds(r));
    }

    @Test
    void theNormalKernelsCampaignsAndNoBuildDoNotBuildTheCoverageKernel() throws Exception {
        Files.delete(images.resolve("kernel-coverage.elf"));
        assertEquals(null, imageBuild(run("campaign", "--no-coverage", "--time", "5")));
        assertEquals(null, imageBuild(run("campaign", "--images", images.toString(), "--time", "5")));
        assertEquals(null, imageBuild(run("--no-build", "campaign", "--time", "5")));
        assertEquals(null, imageBuild(run("campaign", "merge", "--out", "x", "y")));
    }

    @Test
    void machineOptionsBeforeCampaignArePassedOnAndTheLaterWins() throws Exception {
        Result r = run("--append", "plant=refcount hz=250", "--memory", "512", "campaign", "--time", "5");
        assertEquals(0, r.status(), r.output());
        assertTrue(r.java().contains("CampaignMain\n--append\nplant=refcount hz=250\n--memory\n512\n--time\n5\n"), r.java());
        Result after = run("--memory", "512", "campaign", "--memory", "1024");
        assertTrue(after.java().contains("CampaignMain\n--memory\n512\n--memory\n1024\n"), "the campaign's parser keeps the last: "
                + after.java());
        CampaignOptions o = CampaignOptions.parse(List.of("--memory", "512", "--time", "5", "--memory", "1024"), java.util.Map.of());
        assertEquals(1024, o.memoryMiB());
    }

    @Test
    void optionsACampaignHasNoUseForAreRefused() throws Exception {
        for (String[] args : new String[][] {{"--init", "tree 2 2", "campaign"}, {"--timeout", "9", "campaign"},
                {"--accel", "kvm", "campaign"}, {"--append", "x", "campaign", "merge", "--out", "a", "b"}}) {
            Result r = run(args);
            assertEquals(64, r.status(), String.join(" ", args) + ": " + r.output());
            assertFalse(r.output().contains("line "), "no bash error: " + r.output());
            assertEquals("", r.java(), "nothing started");
        }
    }
}
