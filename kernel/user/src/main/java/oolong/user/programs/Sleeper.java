package oolong.user.programs;

import oolong.user.sys.Sys;

/** Sleeps and exits: {@code sleeper MS [TIMES]}: TIMES sleeps of MS ms (default 1), then exits 0. */
public final class Sleeper {
    private Sleeper() {
    }

    public static int main(String[] args) {
        long ms = args.length > 0 ? Long.parseLong(args[0]) : 1000;
        long times = args.length > 1 ? Long.parseLong(args[1]) : 1;
        for (long i = 0; i < times; i++) {
            Sys.sleep(ms);
        }
        return 0;
    }
}
