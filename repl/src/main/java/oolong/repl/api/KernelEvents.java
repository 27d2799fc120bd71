package oolong.repl.api;

import java.util.AbstractList;
import java.util.List;

/** The events {@code k.events()} returns: a list that prints one event per line. */
public final class KernelEvents extends AbstractList<KernelEvent> {
    private final List<KernelEvent> events;

    KernelEvents(List<KernelEvent> events) {
        this.events = List.copyOf(events);
    }

    @Override
    public KernelEvent get(int index) {
        return events.get(index);
    }

    @Override
    public int size() {
        return events.size();
    }

    @Override
    public String toString() {
        if (events.isEmpty()) {
            return "no events";
        }
        StringBuilder sb = new StringBuilder(events.size() + (events.size() == 1 ? " event" : " events"));
        for (KernelEvent e : events) {
            sb.append("\n  ").append(e);
        }
        return sb.toString();
    }
}
