package oolong.repl.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReplCommandsTest {
    @Test
    void commandsBecomeFacadeCalls() {
        assertEquals("k.ps()", ReplCommands.translate("/ps").snippet());
        assertEquals("k.sched()", ReplCommands.translate("/sched").snippet());
        assertEquals("k.sched().timeline()", ReplCommands.translate(" /timeline ").snippet());
        assertEquals("k.sched().stats()", ReplCommands.translate("/cpu").snippet());
        assertEquals("k.kill(3)", ReplCommands.translate("/kill 3").snippet());
        assertEquals("k.kill(3, 9)", ReplCommands.translate("  /kill 3 9 ").snippet());
        assertEquals("k.filicide(1)", ReplCommands.translate("/filicide 1").snippet());
        assertEquals("k.pages(12)", ReplCommands.translate("/pages 12").snippet());
    }

    @Test
    void badArgumentsAreExplained() {
        ReplCommands.Translation t = ReplCommands.translate("/kill");
        assertNull(t.snippet());
        assertEquals("usage: /kill PID [CODE]", t.text());
        assertTrue(ReplCommands.translate("/kill 1 2 3").text().startsWith("usage"));
        assertTrue(ReplCommands.translate("/handles x").text().contains("'x' is not a number"));
        assertTrue(ReplCommands.translate("/nope").text().contains("unknown command /nope"));
        assertTrue(ReplCommands.translate("/ps 3").text().startsWith("usage"));
    }

    @Test
    void recognisesCommandsButNotComments() {
        assertTrue(ReplCommands.isCommand("/ps"));
        assertFalse(ReplCommands.isCommand("// a comment"));
        assertFalse(ReplCommands.isCommand("/* block */ 1"));
        assertEquals(ReplCommands.Translation.Action.EXIT, ReplCommands.translate("/exit").action());
        assertTrue(ReplCommands.translate("/help").text().contains("/filicide PID [CODE]"));
    }
}
