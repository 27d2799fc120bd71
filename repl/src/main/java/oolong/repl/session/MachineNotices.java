package oolong.repl.session;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the user must hear about the machine without asking: a kernel panic, the end of the
 * machine (QEMU exited or was killed), a dropped agent connection. The session posts them from
 * the threads that notice (QMP's reader, QEMU's exit, the agent's reader); each is taken once,
 * by the interactive console (printed above the prompt at once) or the batch runner (after the
 * snippet, as {@code # ...} lines).
 */
public final class MachineNotices {
    private final List<String> pending = new ArrayList<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    /** Queues a notice and wakes whoever listens (the console prints it without waiting for a key). */
    void post(String notice) {
        synchronized (pending) {
            pending.add(notice);
        }
        for (Runnable l : listeners) {
            l.run();
        }
    }

    /** The notices posted since the last call, oldest first. */
    public List<String> take() {
        synchronized (pending) {
            List<String> out = new ArrayList<>(pending);
            pending.clear();
            return out;
        }
    }

    /** Runs the listener (on the posting thread) whenever a notice is posted. */
    public void onPosted(Runnable listener) {
        listeners.add(listener);
    }
}
