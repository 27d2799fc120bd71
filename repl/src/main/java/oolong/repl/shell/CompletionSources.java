package oolong.repl.shell;

import java.util.List;
import java.util.Map;
import oolong.api.Programs;

/**
 * Where Tab finds the words that fit inside strings and after commands. Each list comes from its
 * one source of truth: the user image's programs from {@link Programs} (shared with the kernel,
 * which refuses any other name), and from the live kernel the built-in policies, the fault points
 * and the processes. A source that cannot answer (no machine, a panic) offers nothing.
 */
public interface CompletionSources {
    /** Programs for k.spawn("...). */
    default List<String> programs() {
        return List.of(Programs.NAMES);
    }

    /** Built-in scheduling policies for use("...). */
    default List<String> policies() {
        return List.of();
    }

    /** Fault point names for prepare("...) and state("...). */
    default List<String> faultPoints() {
        return List.of();
    }

    /** Hook names for k.probe("...) and k.patch("...), from the table the kernel shares. */
    default List<String> hooks() {
        java.util.List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < oolong.api.probe.Hooks.COUNT; i++) {
            names.add(oolong.api.probe.Hooks.name(i));
        }
        return names;
    }

    /** Live processes, pid to program, for /kill PID and the other commands taking a pid. */
    default Map<Integer, String> processes() {
        return Map.of();
    }

    /** Without a kernel: the programs only. */
    CompletionSources OFFLINE = new CompletionSources() { };
}
