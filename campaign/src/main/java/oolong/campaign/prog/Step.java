package oolong.campaign.prog;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One step of a program: a system call a puppet makes (by name: p0 is the program's root puppet,
 * pN a puppet a step made), an operation of the agent, a fault-point setting or a policy swap.
 * Steps name what they use and what they define, so a program stays meaningful when steps are
 * inserted, removed or spliced (see {@link Validator}). {@link #toString} is a compact canonical
 * text, used for program ids and listings; the readable form is the .jsh ({@link JshEncoder}).
 */
public sealed interface Step {
    /** The puppet that makes the call, or null for an agent operation, a fault setting or a policy swap. */
    default String actor() {
        return null;
    }

    /** Every variable the step refers to (processes and handles). */
    List<String> uses();

    /** The variable the step defines (a new puppet, a pipe, a dup's slot), or null. */
    default String defines() {
        return null;
    }

    /** The same step with every variable renamed. */
    Step renamed(UnaryOperator<String> rename);

    /** The agent spawns a puppet under a live parent. */
    record Spawn(String parent, String child) implements Step {
        public List<String> uses() { return List.of(parent); }
        public String defines() { return child; }
        public Step renamed(UnaryOperator<String> r) { return new Spawn(r.apply(parent), r.apply(child)); }
        public String toString() { return "spawn " + parent + " -> " + child; }
    }

    /** fork(flags): ForkFlags.NOREAP and SHAREHANDLE (a SHAREMEM child is a thread puppet taking only a few commands; not generated). */
    record Fork(String actor, int flags, String child) implements Step {
        public List<String> uses() { return List.of(actor); }
        public String defines() { return child; }
        public Step renamed(UnaryOperator<String> r) { return new Fork(r.apply(actor), flags, r.apply(child)); }
        public String toString() { return "fork " + actor + " " + flags + " -> " + child; }
    }

    record Exit(String actor, int code) implements Step {
        public List<String> uses() { return List.of(actor); }
        public Step renamed(UnaryOperator<String> r) { return new Exit(r.apply(actor), code); }
        public String toString() { return "exit " + actor + " " + code; }
    }

    record Await(String actor) implements Step {
        public List<String> uses() { return List.of(actor); }
        public Step renamed(UnaryOperator<String> r) { return new Await(r.apply(actor)); }
        public String toString() { return "await " + actor; }
    }

    /** The agent kills a live puppet (k.kill). */
    record Kill(String target, int code) implements Step {
        public List<String> uses() { return List.of(target); }
        public Step renamed(UnaryOperator<String> r) { return new Kill(r.apply(target), code); }
        public String toString() { return "kill " + target + " " + code; }
    }

    /** Every descendant of a puppet dies: by the agent (k.filicide), or by the puppet's own system call. */
    record Filicide(String target, boolean byAgent) implements Step {
        public String actor() { return byAgent ? null : target; }
        public List<String> uses() { return List.of(target); }
        public Step renamed(UnaryOperator<String> r) { return new Filicide(r.apply(target), byAgent); }
        public String toString() { return (byAgent ? "filicide-agent " : "filicide ") + target; }
    }

    record Pipe(String actor, String ends) implements Step {
        public List<String> uses() { return List.of(actor); }
        public String defines() { return ends; }
        public Step renamed(UnaryOperator<String> r) { return new Pipe(r.apply(actor), r.apply(ends)); }
        public String toString() { return "pipe " + actor + " -> " + ends; }
    }

    record Read(String actor, HandleRef handle, int n) implements Step {
        public List<String> uses() { return withHandles(actor, handle); }
        public Step renamed(UnaryOperator<String> r) { return new Read(r.apply(actor), handle.renamed(r), n); }
        public String toString() { return "read " + actor + " " + handle + " " + n; }
    }

    /** A write of lowercase letters (the puppet's command line carries the text as it is). */
    record Write(String actor, HandleRef handle, String text) implements Step {
        public Write {
            if (!text.matches("[a-z]{1,64}")) {
                throw new IllegalArgumentException("a write's text is 1-64 lowercase letters: " + text);
            }
        }
        public List<String> uses() { return withHandles(actor, handle); }
        public Step renamed(UnaryOperator<String> r) { return new Write(r.apply(actor), handle.renamed(r), text); }
        public String toString() { return "write " + actor + " " + handle + " " + text; }
    }

    record Dup(String actor, HandleRef from, HandleRef to, String result) implements Step {
        public List<String> uses() { return withHandles(actor, from, to); }
        public String defines() { return result; }
        public Step renamed(UnaryOperator<String> r) {
            return new Dup(r.apply(actor), from.renamed(r), to.renamed(r), r.apply(result));
        }
        public String toString() { return "dup " + actor + " " + from + " " + to + " -> " + result; }
    }

    record Close(String actor, HandleRef handle) implements Step {
        public List<String> uses() { return withHandles(actor, handle); }
        public Step renamed(UnaryOperator<String> r) { return new Close(r.apply(actor), handle.renamed(r)); }
        public String toString() { return "close " + actor + " " + handle; }
    }

    /** memflag(0, pages * 4096, FINDFREE | PRESENT): new zeroed memory somewhere. */
    record Memflag(String actor, int pages) implements Step {
        public List<String> uses() { return List.of(actor); }
        public Step renamed(UnaryOperator<String> r) { return new Memflag(r.apply(actor), pages); }
        public String toString() { return "memflag " + actor + " " + pages; }
    }

    /** A short sleep the program waits for (0: a yield). */
    record Sleep(String actor, int ms) implements Step {
        public List<String> uses() { return List.of(actor); }
        public Step renamed(UnaryOperator<String> r) { return new Sleep(r.apply(actor), ms); }
        public String toString() { return "sleep " + actor + " " + ms; }
    }

    /** A sleep longer than the program: the puppet stays blocked in it until it is killed. */
    record SleepLong(String actor) implements Step {
        public List<String> uses() { return List.of(actor); }
        public Step renamed(UnaryOperator<String> r) { return new SleepLong(r.apply(actor)); }
        public String toString() { return "sleep-long " + actor; }
    }

    /** Installs the puppet runtime's (counting) user interrupt handler. */
    record IntrSet(String actor) implements Step {
        public List<String> uses() { return List.of(actor); }
        public Step renamed(UnaryOperator<String> r) { return new IntrSet(r.apply(actor)); }
        public String toString() { return "intrset " + actor; }
    }

    /** Interrupts every descendant of the puppet. */
    record Intr(String actor) implements Step {
        public List<String> uses() { return List.of(actor); }
        public Step renamed(UnaryOperator<String> r) { return new Intr(r.apply(actor)); }
        public String toString() { return "intr " + actor; }
    }

    record SetFault(FaultSetting fault) implements Step {
        public List<String> uses() { return fault.uses(); }
        public Step renamed(UnaryOperator<String> r) { return new SetFault(fault.renamed(r)); }
        public String toString() {
            return "fault " + fault.point() + " pids=" + fault.pids() + " subtree=" + fault.subtree() + " p="
                    + fault.probability() + " every=" + fault.every() + " times=" + fault.times() + " after="
                    + fault.after() + " param=" + fault.parameter() + " seed=" + fault.seed();
        }
    }

    record ClearFaults() implements Step {
        public List<String> uses() { return List.of(); }
        public Step renamed(UnaryOperator<String> r) { return this; }
        public String toString() { return "clear-faults"; }
    }

    /** Swaps the scheduling policy to a built-in one. */
    record Policy(String name) implements Step {
        public static final List<String> NAMES = List.of("seed", "round-robin", "priority", "lottery", "stride");

        public Policy {
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException("no built-in policy " + name);
            }
        }
        public List<String> uses() { return List.of(); }
        public Step renamed(UnaryOperator<String> r) { return this; }
        public String toString() { return "policy " + name; }
    }

    private static List<String> withHandles(String actor, HandleRef... handles) {
        List<String> out = new ArrayList<>();
        out.add(actor);
        for (HandleRef h : handles) {
            if (!h.isLiteral()) {
                out.add(h.var());
            }
        }
        return out;
    }
}
