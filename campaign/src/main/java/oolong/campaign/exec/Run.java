package oolong.campaign.exec;

import java.util.BitSet;
import java.util.List;
import oolong.campaign.prog.Program;
import oolong.campaign.prog.StepOutcome;

/**
 * One program run on the kernel: the steps that ran (all of them, unless a detector stopped the run
 * or, in an unpredicted program, a step's puppet was no longer there to take it), what each did,
 * the finding if any, a harness error if the run itself broke (never expected), the kernel blocks
 * the run covered (null without coverage), and how long it took.
 */
public record Run(Program executed, List<StepOutcome> observed, Finding finding, String harnessError, BitSet coverage,
                  long nanos, boolean predicted) {
    public boolean clean() {
        return finding == null && harnessError == null;
    }
}
