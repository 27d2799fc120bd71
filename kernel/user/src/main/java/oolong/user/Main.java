package oolong.user;

/**
 * The multi-call user image: one ELF holding every user program; the first argument names
 * the program to run (like busybox). The kernel core (issue "kernel core") starts it in ring 3.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        String program = args.length > 0 ? args[0] : "";
        System.out.println("oolong user image: program '" + program + "' is not built yet");
    }
}
