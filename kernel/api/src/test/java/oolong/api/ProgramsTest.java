package oolong.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The user image's programs: the kernel spawns exactly these names and refuses everything else. */
class ProgramsTest {
    @Test
    void theImageHasTheseTenPrograms() {
        assertEquals(List.of("init", "spin", "tree", "pipeline", "sleeper", "ktest", "kbench", "puppet", "churn", "forkscale"), List.of(Programs.NAMES));
        assertEquals(Programs.NAMES.length, Set.of(Programs.NAMES).size(), "a name twice");
        for (String n : Programs.NAMES) {
            assertTrue(Programs.exists(n), n);
        }
    }

    @Test
    void onlyExactNamesExist() {
        for (String n : new String[] {"", "INIT", "init ", " spin", "tre", "trees", "sh", "init\0"}) {
            assertFalse(Programs.exists(n), "'" + n + "'");
        }
    }
}
