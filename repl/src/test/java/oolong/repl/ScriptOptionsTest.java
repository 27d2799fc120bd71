package oolong.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScriptOptionsTest {
    @Test
    void theHeadersOptionLinesBecomeCommandLineWords() {
        String script = "// a reproducer\n//! --append \"plant=refcount hz=250\"\n//! --memory 512\nvar x = 1;\n//! --init tree\n";
        assertEquals(List.of("--append", "plant=refcount hz=250", "--memory", "512"), ScriptOptions.of(script));
    }

    @Test
    void aScriptWithoutThemHasNone() {
        assertEquals(List.of(), ScriptOptions.of("k.ps()\n"));
    }

    @Test
    void onlyTheMachinesOptionsAreAllowed() {
        assertThrows(IllegalArgumentException.class, () -> ScriptOptions.of("//! --images /tmp\n"));
        assertThrows(IllegalArgumentException.class, () -> ScriptOptions.of("//! --append\n"));
        assertThrows(IllegalArgumentException.class, () -> ScriptOptions.of("//! --append \"open\n"));
    }
}
