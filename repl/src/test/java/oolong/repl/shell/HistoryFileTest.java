package oolong.repl.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The history file follows $HOME, as ~ does in the shell; user.home only when HOME is unset. */
class HistoryFileTest {
    @Test
    void followsHome() {
        assertEquals(Path.of("/tmp/elsewhere/.oolong_history"),
                HistoryFile.of(Map.of("HOME", "/tmp/elsewhere"), "/home/user"));
    }

    @Test
    void withoutHomeUsesUserHome() {
        assertEquals(Path.of("/home/user/.oolong_history"), HistoryFile.of(Map.of(), "/home/user"));
        assertEquals(Path.of("/home/user/.oolong_history"), HistoryFile.of(Map.of("HOME", ""), "/home/user"));
    }

    @Test
    void theConsoleUsesIt() throws Exception {
        for (String main : new String[] {"repl/src/main/java/oolong/repl/Main.java",
                "repl/src/main/java/oolong/repl/OfflineMain.java"}) {
            Path file = Path.of(System.getProperty("user.dir")).resolve("..").resolve(main).normalize();
            String source = java.nio.file.Files.readString(file);
            assertEquals(false, source.contains("\"user.home\""), main + " takes the history file from HistoryFile");
        }
    }
}
