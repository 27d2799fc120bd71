package oolong.api;

/**
 * The programs in the user image (a multi-call binary, like busybox: argv[0] picks the program).
 * Shared so that the kernel refuses to spawn a name the image does not have, with ENOENT, instead
 * of starting a process that can only print an error and exit.
 */
public final class Programs {
    public static final String[] NAMES = {"init", "spin", "tree", "pipeline", "sleeper", "ktest", "kbench", "puppet", "churn", "forkscale"};

    private Programs() {
    }

    public static boolean exists(String name) {
        for (String n : NAMES) {
            if (n.equals(name)) {
                return true;
            }
        }
        return false;
    }
}
