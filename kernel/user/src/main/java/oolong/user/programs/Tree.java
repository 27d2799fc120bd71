package oolong.user.programs;

import oolong.api.ForkFlags;
import oolong.user.sys.Sys;

/**
 * Builds a process tree and waits: {@code tree DEPTH FANOUT [noreap]}. Every inner node forks
 * FANOUT children (NOREAP children with {@code noreap}) and then awaits them; leaves sleep until
 * killed. A tree to explore, kill and filicide from the REPL.
 */
public final class Tree {
    private Tree() {
    }

    public static int main(String[] args) {
        int depth = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int fanout = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int flags = args.length > 2 && args[2].equals("noreap") ? ForkFlags.NOREAP : 0;
        if (depth < 0 || fanout < 0 || depth > 16 || fanout > 64) {
            System.out.println("tree: DEPTH 0..16 and FANOUT 0..64");
            return 2;
        }
        return node(depth, fanout, flags);
    }

    private static int node(int depth, int fanout, int flags) {
        if (depth > 0) {
            for (int i = 0; i < fanout; i++) {
                long pid = Sys.fork(flags);
                if (pid == 0) {
                    return node(depth - 1, fanout, flags);
                }
                if (pid < 0) {
                    System.out.println("tree: fork failed with " + pid);
                }
            }
        }
        while (true) {
            if (Sys.await() == -1) {
                Sys.sleep(60_000);   /* a leaf (or all children gone): wait to be killed */
            }
        }
    }
}
