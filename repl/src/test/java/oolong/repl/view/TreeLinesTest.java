package oolong.repl.view;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TreeLinesTest {
    @Test
    void connectorsFollowTheShapeOfThePreOrder() {
        /* init; tree(2) with children 4 (child 6) and 3; sleeper */
        int[] depths = {0, 1, 2, 3, 2, 1};
        assertArrayEquals(new String[] {"", "├─ ", "│  ├─ ", "│  │  └─ ", "│  └─ ", "└─ "},
                TreeLines.prefixes(depths, true));
        assertArrayEquals(new String[] {"", "|- ", "|  |- ", "|  |  `- ", "|  `- ", "`- "},
                TreeLines.prefixes(depths, false));
    }

    @Test
    void aLastChildLeavesNoPipeBelowIt() {
        int[] depths = {0, 1, 2, 2};
        assertArrayEquals(new String[] {"", "└─ ", "   ├─ ", "   └─ "}, TreeLines.prefixes(depths, true));
    }

    @Test
    void tablesAlignWhateverTheWidths() {
        String t = new Table().column("PID", Table.Align.RIGHT, 5).left("NAME").right("N")
                .row(1, "a", 7).row(12345, "bbbbbb", 100).toString();
        String[] lines = t.split("\n");
        assertEquals("  PID  NAME      N", lines[0]);
        assertEquals("    1  a         7", lines[1]);
        assertEquals("12345  bbbbbb  100", lines[2]);
    }
}
