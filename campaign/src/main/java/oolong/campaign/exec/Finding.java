package oolong.campaign.exec;

import oolong.campaign.prog.Expectation;

/**
 * A detector's hit: which detector, at which step (-1: at the end, after the clean-up), what it
 * said, what a reproducer must check to see it again, and its signature: what makes two findings
 * the same bug (shrinking keeps a candidate only if it fails with the same signature; a campaign
 * shrinks and reports each signature once).
 */
public record Finding(Detector detector, int step, String message, Expectation expectation, String signature) {
    public Finding(Detector detector, int step, String message, Expectation expectation) {
        this(detector, step, message, expectation, signatureOf(detector, message, expectation));
    }

    /** The detector and the first line of its message with numbers blanked; for the oracle, what kind of answer was wrong. */
    static String signatureOf(Detector detector, String message, Expectation e) {
        if (detector == Detector.SEMANTICS && e != null) {
            String what = e instanceof Expectation.Self s ? "a call " + s.expected().kind()
                    : e instanceof Expectation.Completion c ? "a blocked call " + c.expected().kind()
                    : e instanceof Expectation.State st ? "a process state " + st.expected().replaceAll("-?\\d+", "#")
                    : e.getClass().getSimpleName();
            return detector.label + ": " + what + " differs from the seed's semantics";
        }
        if (detector == Detector.HANG) {
            return detector.label;
        }
        String first = message.strip().split("\n")[0];
        return detector.label + ": " + first.replaceAll("0x[0-9a-f]+", "#").replaceAll("-?\\d+", "#");
    }

    @Override
    public String toString() {
        return detector.label + (step >= 0 ? " at step " + (step + 1) : " at the end") + ": " + message;
    }
}
