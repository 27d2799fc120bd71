package oolong.campaign.prog;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A program: steps run in order by the program's root puppet p0 and the puppets it comes to
 * have, under an anchor puppet that is not part of it. Its id is a hash of its canonical text, so
 * the same program has the same id on every machine (corpus files, shard listings, reports).
 */
public record Program(List<Step> steps) {
    /** The root puppet every program starts with. */
    public static final String ROOT = "p0";

    public Program {
        steps = List.copyOf(steps);
    }

    public int size() {
        return steps.size();
    }

    public Program with(List<Step> newSteps) {
        return new Program(newSteps);
    }

    /** The canonical text: one step per line. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (Step s : steps) {
            sb.append(s).append('\n');
        }
        return sb.toString();
    }

    /** 16 hex digits of the SHA-256 of the canonical text. */
    public String id() {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every variable a step defines, in order (p0 first). */
    public List<String> variables() {
        List<String> out = new ArrayList<>();
        out.add(ROOT);
        for (Step s : steps) {
            if (s.defines() != null) {
                out.add(s.defines());
            }
        }
        return out;
    }

    /** The highest number used after a variable prefix ("p", "h", "d"): fresh names start above it. */
    public int highest(char prefix) {
        int max = 0;
        for (String v : variables()) {
            if (v.charAt(0) == prefix) {
                max = Math.max(max, Integer.parseInt(v.substring(1)));
            }
        }
        return max;
    }

    @Override
    public String toString() {
        return text();
    }
}
