package oolong.kernel.agent;

import oolong.kernel.coverage.Coverage;

/**
 * The agent's {@code coverage} operation: the kernel's block counters (oolong.kernel.coverage)
 * as a bitmap of the blocks that ran since boot or the last reset.
 *
 * <pre>
 *   {"op":"coverage"}                    -> {"instrumented":true,"extent":N,"covered":C,"hits":H,"bitmap":"0f3..."}
 *   {"op":"coverage","reset":true}       -> the same, then every counter is zeroed
 * </pre>
 *
 * The bitmap is hex, one digit per four blocks: digit k holds blocks 4k..4k+3, block 4k in its
 * lowest bit. A kernel built without coverage answers ENOTSUP.
 */
public final class CoverageOperations {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private CoverageOperations() {
    }

    public static void register(Agent agent) {
        agent.register("coverage", (req, out) -> {
            if (!Coverage.instrumented()) {
                throw new AgentError("ENOTSUP", "this kernel was built without coverage (ImageBuilder --coverage; "
                        + "boot/target/images-coverage)");
            }
            int extent = Coverage.extent();
            char[] bitmap = new char[(extent + 3) / 4];
            long hits = 0;
            int covered = 0;
            for (int block = 0; block < extent; block++) {
                int n = Coverage.count(block);
                if (n != 0) {
                    hits += n;
                    covered++;
                    bitmap[block >> 2] |= (char) (1 << (block & 3));
                }
            }
            for (int i = 0; i < bitmap.length; i++) {
                bitmap[i] = HEX[bitmap[i]];
            }
            out.beginObject().field("instrumented", true).field("extent", extent).field("covered", covered)
                    .field("hits", hits).field("bitmap", new String(bitmap)).endObject();
            if (req.bool("reset", false)) {
                Coverage.reset();
            }
        });
    }
}
