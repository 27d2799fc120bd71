package oolong.campaign.prog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MutatorTest {
    @Test
    void mutantsAreValidDeterministicAndUsuallyDifferent() {
        List<Program> corpus = new ArrayList<>();
        for (long seed = 1; seed <= 20; seed++) {
            corpus.add(Generator.generate(seed));
        }
        int changed = 0;
        for (int i = 0; i < 2000; i++) {
            Program p = corpus.get(i % corpus.size());
            Program m = Mutator.mutate(p, corpus, new Random(i));
            assertEquals(m, Mutator.mutate(p, corpus, new Random(i)));
            assertTrue(Validator.isValid(m), "mutant " + i + ":\n" + m);
            assertEquals(m, JshParser.parse(JshEncoder.encode(m)));
            if (!m.equals(p)) {
                changed++;
            }
        }
        assertTrue(changed > 1500, "most mutants differ from their parent: " + changed);
    }

    @Test
    void aSpliceRenamesTheTailsVariablesApartFromTheRoot() {
        Program a = new Program(List.of(new Step.Fork("p0", 0, "p1"), new Step.Pipe("p1", "h1")));
        Program b = new Program(List.of(new Step.Fork("p0", 0, "p1"), new Step.Exit("p1", 3)));
        Program s = Mutator.splice(a, b, new Random(3));
        for (Step st : s.steps()) {
            if (st instanceof Step.Fork f && !f.child().equals("p1")) {
                assertTrue(f.child().startsWith("p"));
            }
        }
        assertTrue(Validator.isValid(s));
    }
}
