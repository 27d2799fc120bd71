package oolong.campaign.cover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import oolong.campaign.prog.Generator;
import oolong.campaign.prog.Program;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusTest {
    @Test
    void onlyProgramsThatCoverSomethingNewJoinAndTheirFilesReadBack(@TempDir Path dir) throws Exception {
        Corpus c = new Corpus(dir);
        Program a = Generator.generate(1);
        Program b = Generator.generate(2);
        BitSet first = new BitSet();
        first.set(1, 10);
        BitSet same = new BitSet();
        same.set(2, 5);
        assertEquals(9, c.offer(a, first));
        assertEquals(0, c.offer(b, same), "nothing new: not kept");
        BitSet more = new BitSet();
        more.set(9, 12);
        assertEquals(2, c.offer(b, more));
        assertEquals(2, c.size());
        assertTrue(Files.exists(dir.resolve(a.id() + ".jsh")));
        assertEquals(java.util.Set.of(a, b), java.util.Set.copyOf(Corpus.load(dir)));
    }
}
