package oolong.kernel.plant;

/**
 * Deliberate defects, for testing the fault-injection campaign (docs/campaigns.md) and nothing
 * else: the kernel command-line flag {@code plant=NAME} switches one on at boot; every one is off
 * by default and on the host. Each is a small, marked branch at its site, behind one of these
 * flags, so that it can be found, read and removed in one place:
 *
 * <ul>
 *   <li>{@code refcount} (handle/HandleTable.dup): a dup into a slot that holds the other end of
 *       the same pipe, in a table shared by SHAREHANDLE, does not drop the replaced end's
 *       reference. The check sees a refcount above the references held, and the pipe end leaks.</li>
 *   <li>{@code reap} (proc/Processes.kill): a dying parent does not reap a child that waits to be
 *       reaped (TOREAP) when that child still has children of its own; it stays TOREAP under a
 *       dead parent, which the check reports.</li>
 *   <li>{@code pipe} (proc/Processes.pipeTransfer): a write that meets a waiting reader with a
 *       shorter buffer while another reader waits behind it tells the writer that all its bytes
 *       went, though only the first reader's share did. Only a comparison with the seed's
 *       semantics (the campaign's host model) sees it.</li>
 * </ul>
 *
 * Static flags, because the sites are deep in the process model and must stay allocation-free;
 * they are set once at boot (before any process exists) and never change.
 */
public final class PlantedBugs {
    /** The names {@code plant=} accepts. */
    public static final String[] NAMES = {"refcount", "reap", "pipe"};

    public static boolean refcount;
    public static boolean reap;
    public static boolean pipe;

    private PlantedBugs() {
    }

    /**
     * Switches on the named defect ("none" or null: nothing). Returns false for an unknown name,
     * which switches nothing on.
     */
    public static boolean plant(String name) {
        refcount = false;
        reap = false;
        pipe = false;
        if (name == null || name.isEmpty() || name.equals("none")) {
            return true;
        }
        switch (name) {
            case "refcount" -> refcount = true;
            case "reap" -> reap = true;
            case "pipe" -> pipe = true;
            default -> {
                return false;
            }
        }
        return true;
    }

    /** The defect that is on, or null. */
    public static String planted() {
        return refcount ? "refcount" : reap ? "reap" : pipe ? "pipe" : null;
    }
}
