package oolong.campaign.prog;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import oolong.api.MemFlags;
import oolong.campaign.model.World;

/**
 * The puppet command a step sends (the puppet program's one-line protocol, e.g. "read 3 16"),
 * once for the executor (slots resolved to numbers) and once as a Java expression for a
 * reproducer ({@code "read " + h3[0] + " 16"}), so both always send the same thing.
 */
public final class PuppetCommand {
    private PuppetCommand() {
    }

    /** The command's words, a handle operand left as itself; null for a step that is no puppet command. */
    static List<Object> words(Step s) {
        List<Object> w = new ArrayList<>();
        if (s instanceof Step.Fork f) {
            w.add("fork");
            w.add(f.flags());
        } else if (s instanceof Step.Exit e) {
            w.add("exit");
            w.add(e.code());
        } else if (s instanceof Step.Await) {
            w.add("await");
        } else if (s instanceof Step.Filicide f && !f.byAgent()) {
            w.add("filicide");
        } else if (s instanceof Step.Pipe) {
            w.add("pipe");
        } else if (s instanceof Step.Read r) {
            w.add("read");
            w.add(r.handle());
            w.add(r.n());
        } else if (s instanceof Step.Write wr) {
            w.add("write");
            w.add(wr.handle());
            w.add(wr.text());
        } else if (s instanceof Step.Dup d) {
            w.add("dup");
            w.add(d.from());
            w.add(d.to());
        } else if (s instanceof Step.Close c) {
            w.add("close");
            w.add(c.handle());
        } else if (s instanceof Step.Memflag m) {
            w.add("memflag");
            w.add(0);
            w.add(m.pages() * 4096);
            w.add(MemFlags.FINDFREE | MemFlags.PRESENT);
        } else if (s instanceof Step.Sleep sl) {
            w.add("sleep");
            w.add(sl.ms());
        } else if (s instanceof Step.SleepLong) {
            w.add("sleep");
            w.add(World.LONG_SLEEP_MS);
        } else if (s instanceof Step.IntrSet) {
            w.add("intrset");
        } else if (s instanceof Step.Intr) {
            w.add("intr");
        } else {
            return null;
        }
        return w;
    }

    /** The command as the puppet receives it, handles resolved by the given function. */
    public static String text(Step s, Function<HandleRef, Integer> slots) {
        List<Object> w = words(s);
        if (w == null) {
            throw new IllegalArgumentException("not a puppet command: " + s);
        }
        StringBuilder sb = new StringBuilder();
        for (Object o : w) {
            sb.append(sb.length() == 0 ? "" : " ");
            sb.append(o instanceof HandleRef h ? slots.apply(h) : o);
        }
        return sb.toString();
    }

    /** The command as a Java string expression for a reproducer: "read " + h3[0] + " 16". */
    public static String java(Step s) {
        List<Object> w = words(s);
        if (w == null) {
            throw new IllegalArgumentException("not a puppet command: " + s);
        }
        StringBuilder sb = new StringBuilder("\"");
        boolean inString = true;
        for (int i = 0; i < w.size(); i++) {
            Object o = w.get(i);
            String sep = i == 0 ? "" : " ";
            if (o instanceof HandleRef h && !h.isLiteral()) {
                sb.append(inString ? sep + "\" + " : " + \"" + sep + "\" + ").append(h);
                inString = false;
            } else {
                String text = o instanceof HandleRef h ? Integer.toString(h.literal()) : o.toString();
                sb.append(inString ? "" : " + \"").append(sep).append(text);
                inString = true;
            }
        }
        if (inString) {
            sb.append('"');
        }
        return sb.toString();
    }
}
