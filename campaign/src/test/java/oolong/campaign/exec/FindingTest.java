package oolong.campaign.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import oolong.campaign.model.Result;
import oolong.campaign.prog.Expectation;
import org.junit.jupiter.api.Test;

class FindingTest {
    @Test
    void theSameBugHasTheSameSignatureWhateverItsPidsAndCounts() {
        Finding a = new Finding(Detector.CHECK, 3, "pid 7 (puppet) TOMBSTONE is a childless tombstone still in the tree\nmore",
                null);
        Finding b = new Finding(Detector.CHECK, 9, "pid 112 (puppet) TOMBSTONE is a childless tombstone still in the tree",
                null);
        assertEquals(a.signature(), b.signature());
        assertEquals("check: pid # (puppet) TOMBSTONE is a childless tombstone still in the tree", a.signature());
        Finding leak = new Finding(Detector.LEAK, -1, "handles_open was 0 before the program and is 1 after", null);
        assertNotEquals(a.signature(), leak.signature());
    }

    @Test
    void aSemanticFindingIsKnownByWhatKindOfAnswerWasWrong() {
        Finding a = new Finding(Detector.SEMANTICS, 4, "step 5 (write p1 h1[1] abcdef) returns 6 ...",
                new Expectation.Self(Result.returned(3)));
        Finding b = new Finding(Detector.SEMANTICS, 2, "step 3 (write p0 h2[1] xyz) returns 3 ...",
                new Expectation.Self(Result.returned(1)));
        assertEquals(a.signature(), b.signature());
        Finding c = new Finding(Detector.SEMANTICS, 2, "p3 is TOREAP 7 in the kernel ...",
                new Expectation.State("p3", "TOMBSTONE 7"));
        assertNotEquals(a.signature(), c.signature());
    }
}
