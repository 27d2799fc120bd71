package oolong.qmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stale private directories: only those whose owner is really dead are swept. */
class PrivateDirectoryTest {
    @TempDir
    Path tmp;

    Path dir(String name, String record) throws IOException {
        Path d = Files.createDirectory(tmp.resolve(name));
        Files.writeString(d.resolve("serial.log"), "something");
        if (record != null) {
            Files.writeString(d.resolve(PrivateDirectory.OWNER_FILE), record);
        }
        return d;
    }

    /** The record of a process that has ended: a child we started and waited for. */
    static String deadOwner() throws Exception {
        Process p = new ProcessBuilder("true").start();
        ProcessHandle h = p.toHandle();
        String record = PrivateDirectory.record(h);
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        return record;
    }

    @Test
    void sweepsOnlyDirectoriesOfDeadOwners() throws Exception {
        Path dead = dir("oolong-vm-1", deadOwner());
        Path alive = dir("oolong-vm-2", PrivateDirectory.record(ProcessHandle.current()));
        Path unknown = dir("oolong-vm-3", null);
        Path garbled = dir("oolong-vm-4", "nonsense");
        Path reused = dir("oolong-vm-5", "pid " + ProcessHandle.current().pid() + " started 1000");
        Path otherPrefix = dir("something-else-6", deadOwner());
        List<Path> removed = PrivateDirectory.sweep(tmp, "oolong-vm-");
        assertFalse(Files.exists(dead), "its owner has ended");
        assertFalse(Files.exists(reused), "its pid now belongs to a process started later (this one)");
        assertEquals(List.of(dead, reused).stream().sorted().toList(), removed.stream().sorted().toList());
        assertTrue(Files.exists(alive), "its owner runs");
        assertTrue(Files.exists(unknown), "no record: nobody is known to be dead");
        assertTrue(Files.exists(garbled));
        assertTrue(Files.exists(otherPrefix), "not ours to sweep");
    }

    @Test
    void createdDirectoriesArePrivateAndNameThisJvm() throws IOException {
        Path d = PrivateDirectory.create("oolong-test-");
        try {
            assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(d)));
            assertEquals(ProcessHandle.current().pid(), PrivateDirectory.ownerPid(d).orElseThrow());
            assertFalse(PrivateDirectory.ownerDead(Files.readString(d.resolve(PrivateDirectory.OWNER_FILE))));
        } finally {
            PrivateDirectory.deleteTree(d);
        }
        assertFalse(Files.exists(d));
    }
}
