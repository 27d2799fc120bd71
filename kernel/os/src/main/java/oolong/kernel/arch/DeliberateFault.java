package oolong.kernel.arch;

import oolong.kernel.log.Log;
import org.teavm.interop.Address;

/**
 * Faults in the kernel on purpose ({@code crash=KIND} on the command line, or the console's
 * {@code crash} command), to show and test the CPU-exception report.
 */
public final class DeliberateFault {
    private DeliberateFault() {
    }

    public static void now(String kind) {
        Log.println("crash: provoking " + kind + " on purpose");
        switch (kind) {
            case "pagefault" -> Log.println("read " + Address.fromLong(0x10).getInt());   /* page 0 is unmapped */
            case "noncanonical" -> Log.println("read " + Address.fromLong(0x8000_0000_0000L).getInt()); /* #GP */
            default -> Log.println("crash: unknown kind '" + kind + "' (pagefault, noncanonical)");
        }
    }
}
