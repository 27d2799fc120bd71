package oolong.repl.api;

import java.nio.file.Path;
import oolong.repl.introspect.DumpTarget;
import oolong.repl.session.Session;
import oolong.repl.snippet.SnippetScope;

/**
 * What one REPL session's snippets run against: the kernel bound as {@code k}, the machine bound
 * as {@code vm}, and the session's failed checks. The entry point makes one per session and hands
 * it to the session's JShell engine, which binds its snippets to it ({@link SnippetScope}); the
 * static helpers snippets call ({@link Oolong}) look up the context of the snippet calling them.
 */
public final class SnippetContext {
    private final Kernel kernel;
    private final Machine machine;
    private final Checks checks;

    public SnippetContext(Kernel kernel, Machine machine, Checks checks) {
        this.kernel = kernel;
        this.machine = machine;
        this.checks = checks;
    }

    /** A live session: {@code k} talks to the session's agent, {@code vm} to its QEMU; images for symbols. */
    public static SnippetContext live(Session session, Path images) {
        Checks checks = new Checks();
        Machine vm = new Machine(session, images);
        return new SnippetContext(new Kernel(session::agent, vm, checks), vm, checks);
    }

    /** A dump opened offline: {@code vm} reads it, {@code k} refuses with a message saying why. */
    public static SnippetContext offline(DumpTarget dump) {
        Checks checks = new Checks();
        Machine vm = Machine.offline(dump);
        Kernel k = new Kernel(() -> {
            throw new IllegalStateException("no kernel to talk to: this is a dump opened offline (" + dump.describe()
                    + "); vm.core(), vm.backtrace() and vm.symbol(address) read it");
        }, vm, checks);
        return new SnippetContext(k, vm, checks);
    }

    /**
     * The context of the snippet that is calling: found from the calling code (see
     * {@link SnippetScope}), so it works on any thread a snippet starts.
     */
    public static SnippetContext current() {
        return SnippetScope.current(SnippetContext.class).orElseThrow(() -> new IllegalStateException(
                "no REPL session here: Oolong's helpers are for snippets run by the REPL (scripts/oolong),"
                        + " and this code was not called from one"));
    }

    public Kernel kernel() {
        return kernel;
    }

    public Machine machine() {
        return machine;
    }

    public Checks checks() {
        return checks;
    }
}
