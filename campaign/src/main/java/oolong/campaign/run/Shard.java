package oolong.campaign.run;

import java.util.Map;

/**
 * Which part of a campaign this process runs: shard {@code index} of {@code count}. The campaign's
 * generated programs are numbered (slots 0, 1, 2...; slot n is the program of seed and n); shard
 * i runs the slots n with n mod count == i, so the shards of a seed together run exactly the
 * programs of the unsharded campaign, whatever machine each lands on.
 *
 * The shard comes from {@code --shard i/N}, or from the environment: {@code OOLONG_SHARD=i/N}
 * (a CI matrix sets it), {@code JOB_COMPLETION_INDEX} with {@code OOLONG_SHARDS} (a Kubernetes
 * Indexed Job), or GitLab's {@code CI_NODE_INDEX} (1-based) and {@code CI_NODE_TOTAL}.
 */
public record Shard(int index, int count) {
    public static final Shard WHOLE = new Shard(0, 1);

    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("a shard is i/N with 0 <= i < N, not " + index + "/" + count);
        }
    }

    /** Parses "i/N". */
    public static Shard parse(String text) {
        String[] p = text.strip().split("/");
        if (p.length != 2) {
            throw new IllegalArgumentException("a shard is i/N (e.g. 3/1000), not '" + text + "'");
        }
        try {
            return new Shard(Integer.parseInt(p[0].strip()), Integer.parseInt(p[1].strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a shard is i/N (e.g. 3/1000), not '" + text + "'");
        }
    }

    /**
     * The shard the command line gives, or else the environment's, or the whole campaign. A bad
     * value is refused with where it came from (the option or the variables, as set), since on a
     * cluster the one who reads the error did not type the value.
     */
    public static Shard resolve(String option, Map<String, String> env) {
        if (option != null) {
            return from("--shard " + option, () -> parse(option));
        }
        String shard = env.get("OOLONG_SHARD");
        if (shard != null) {
            return from("OOLONG_SHARD=" + shard, () -> parse(shard));
        }
        String job = env.get("JOB_COMPLETION_INDEX");
        if (job != null) {
            String total = env.get("OOLONG_SHARDS");
            if (total == null) {
                throw new IllegalArgumentException("JOB_COMPLETION_INDEX=" + job
                        + " is set but OOLONG_SHARDS (the Job's completions, the shard count) is not");
            }
            return from("JOB_COMPLETION_INDEX=" + job + " with OOLONG_SHARDS=" + total,
                    () -> new Shard(integer(job), integer(total)));
        }
        String node = env.get("CI_NODE_INDEX");
        String nodes = env.get("CI_NODE_TOTAL");
        if (node != null || nodes != null) {
            if (node == null || nodes == null) {
                throw new IllegalArgumentException((node != null ? "CI_NODE_INDEX=" + node : "CI_NODE_TOTAL=" + nodes)
                        + " is set but " + (node != null ? "CI_NODE_TOTAL" : "CI_NODE_INDEX") + " is not (both or neither)");
            }
            return from("CI_NODE_INDEX=" + node + " with CI_NODE_TOTAL=" + nodes, () -> {
                int i = integer(node);
                int n = integer(nodes);
                if (i < 1 || i > n) {
                    throw new IllegalArgumentException("CI_NODE_INDEX is 1-based: 1 <= CI_NODE_INDEX <= CI_NODE_TOTAL");
                }
                return new Shard(i - 1, n);
            });
        }
        return WHOLE;
    }

    /** The shard, or the refusal prefixed with where the text came from. */
    private static Shard from(String source, java.util.function.Supplier<Shard> shard) {
        try {
            return shard.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage());
        }
    }

    private static int integer(String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a whole number: '" + text + "'");
        }
    }

    /** The campaign slot of this shard's kth program. */
    public long slot(long k) {
        return index + k * count;
    }

    /** The seed of the program in a slot (SplitMix64 of both: neighbouring slots get unrelated programs). */
    public static long programSeed(long campaignSeed, long slot) {
        long z = campaignSeed * 0x9E3779B97F4A7C15L + slot + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
