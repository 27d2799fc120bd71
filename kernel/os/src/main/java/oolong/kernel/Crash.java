package oolong.kernel;

import org.teavm.interop.Address;

/**
 * Deliberate kernel faults ({@code crash=KIND} on the command line, or the console's
 * {@code crash} command), to show and test the CPU-exception report.
 */
final class Crash {
    private Crash() {
    }

    static void now(String kind) {
        Log.println("crash: provoking " + kind + " on purpose");
        switch (kind) {
            case "pagefault" -> Log.println("read " + Address.fromLong(0x10).getInt());   /* page 0 is unmapped */
            case "noncanonical" -> Log.println("read " + Address.fromLong(0x8000_0000_0000L).getInt()); /* #GP */
            default -> Log.println("crash: unknown kind '" + kind + "' (pagefault, noncanonical)");
        }
    }
}
