package oolong.repl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/oolong takes its options anywhere, before and after the command and its file, as a
 * user types them on a terminal (a real pty): each run's machine has the memory asked for.
 * (--no-build: the build that runs these tests has just made the images and the REPL.)
 */
@Timeout(300)
class OolongOptionsIT {
    static final Path SCRIPT = Path.of(System.getProperty("oolong.script", "../scripts/oolong")).toAbsolutePath();
    static final Duration WAIT = Duration.ofSeconds(120);
    static final Pattern MEMORY = Pattern.compile("base memory: (\\d+)");

    @TempDir
    Path home;

    /** Runs scripts/oolong with the arguments on a pty; returns the terminal once it has shown what it must. */
    long memoryOf(String arguments, String input) throws Exception {
        try (PseudoTerminal tty = PseudoTerminal.start("bash " + PseudoTerminal.quote(SCRIPT.toString()) + " " + arguments,
                120, 40, home)) {
            if (input != null) {
                tty.awaitQuiet(0, Pattern.compile("oolong> $"), Duration.ofMillis(500), WAIT);
                int m = tty.mark();
                tty.line(input);
                Matcher r = tty.await(m, MEMORY, WAIT);
                tty.line("/exit");
                assertTrue(tty.waitFor(Duration.ofSeconds(30)), "the REPL left");
                return Long.parseLong(r.group(1));
            }
            Matcher r = tty.await(0, MEMORY, WAIT);
            tty.await(0, Pattern.compile("# memory.jsh: done"), WAIT);
            assertTrue(tty.waitFor(Duration.ofSeconds(30)), "the run ended");
            return Long.parseLong(r.group(1));
        }
    }

    Path script() throws Exception {
        Path file = home.resolve("memory.jsh");
        Files.writeString(file, "System.out.print(vm.hmp(\"info memory_size_summary\"));\n");
        return file;
    }

    @Test
    void optionsBeforeTheReplsFirstPrompt() throws Exception {
        assertEquals(512L << 20, memoryOf("--memory 512 --no-build", "System.out.print(vm.hmp(\"info memory_size_summary\"))"));
    }

    @Test
    void optionsAfterTheRunCommandBeforeItsFile() throws Exception {
        assertEquals(1024L << 20, memoryOf("run --memory 1024 " + PseudoTerminal.quote(script().toString()) + " --no-build", null));
    }

    @Test
    void optionsAfterTheFileAndBeforeTheCommand() throws Exception {
        assertEquals(768L << 20, memoryOf("--no-build run " + PseudoTerminal.quote(script().toString()) + " --memory 768", null));
    }
}
