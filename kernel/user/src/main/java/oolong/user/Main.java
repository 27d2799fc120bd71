package oolong.user;

import oolong.user.kbench.ForkScale;
import oolong.user.kbench.KBench;
import oolong.user.ktest.KTest;
import oolong.user.programs.Churn;
import oolong.user.programs.Init;
import oolong.user.programs.Pipeline;
import oolong.user.programs.Puppet;
import oolong.user.programs.Sleeper;
import oolong.user.programs.Spin;
import oolong.user.programs.Tree;

/**
 * The multi-call user image: one ELF holds every user program, and argv[0] names the one to run
 * (like busybox). The kernel starts init from it and every spawn runs it again with new arguments.
 */
public final class Main {
    private Main() {
    }

    /** Program names (shared with the kernel, which refuses to spawn anything else). */
    public static final String[] PROGRAMS = oolong.api.Programs.NAMES;

    public static void main(String[] args) {
        String program = args.length > 0 ? args[0] : "";
        String[] rest = new String[Math.max(0, args.length - 1)];
        System.arraycopy(args, 1, rest, 0, rest.length);
        int status;
        try {
            status = run(program, rest);
        } catch (Throwable t) {
            System.out.println(program + ": uncaught " + t.getClass().getName() + ": " + t.getMessage());
            status = 125;
        }
        oolong.user.sys.Sys.exit(status);
    }

    static int run(String program, String[] args) {
        switch (program) {
            case "init": return Init.main(args);
            case "spin": return Spin.main(args);
            case "tree": return Tree.main(args);
            case "pipeline": return Pipeline.main(args);
            case "sleeper": return Sleeper.main(args);
            case "ktest": return KTest.main(args);
            case "puppet": return Puppet.main(args);
            case "kbench": return KBench.main(args);
            case "churn": return Churn.main(args);
            case "forkscale": return ForkScale.main(args);
            default:
                System.out.println("no program '" + program + "' in the user image; programs: "
                        + String.join(", ", PROGRAMS));
                return 127;
        }
    }
}
