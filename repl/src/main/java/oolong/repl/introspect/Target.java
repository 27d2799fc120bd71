package oolong.repl.introspect;

import java.util.function.Function;
import oolong.introspect.program.Program;

/**
 * What the memory-level views read: a live machine or a dump. Helpers run inside {@link #look},
 * which gives them one consistent look at the kernel; objects handed to the user are read later
 * through {@link #browser}.
 */
public interface Target {
    /** Runs a computation on one consistent look (a running machine is held paused meanwhile). */
    <T> T look(Function<Program, T> computation);

    /** A program for reading objects on demand (a live machine: its memory as it is at each read). */
    Program browser();

    /** "the live machine", "dump /tmp/panic.core" */
    String describe();

    /** The debug information this target is read with. */
    Introspection introspection();
}
