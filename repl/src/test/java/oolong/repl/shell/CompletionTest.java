package oolong.repl.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import oolong.api.Programs;
import org.jline.reader.Candidate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tab's answers, without a terminal: command names from the command table (the same table as
 * /help), arguments of commands, words inside strings by the parameter they are for, and the
 * signatures and documentation after an open parenthesis.
 */
class CompletionTest {
    static JShellSession session;

    /** What the live kernel would answer, here fixed: the lists themselves are the kernel's business. */
    static final CompletionSources SOURCES = new CompletionSources() {
        @Override
        public List<String> policies() {
            return List.of("seed", "round-robin", "priority", "lottery", "stride");
        }

        @Override
        public List<String> faultPoints() {
            return List.of("frames", "process-alloc", "kill-at-syscall");
        }

        @Override
        public Map<Integer, String> processes() {
            return Map.of(1, "init", 12, "tree", 17, "spin");
        }
    };

    @BeforeAll
    static void start() {
        /* the facades' types, without a kernel: enough for JShell's analysis */
        session = new JShellSession(List.of("import oolong.repl.api.*;", "oolong.repl.api.Kernel k = null;"));
    }

    @AfterAll
    static void stop() {
        session.close();
    }

    static List<String> complete(String line) {
        List<Candidate> out = new ArrayList<>();
        new ReplCompleter(session, () -> SOURCES).complete(null, new CompletionLine(line, line.length()), out);
        return out.stream().map(Candidate::value).toList();
    }

    @Test
    void slashCompletionIsTheCommandTable() {
        TreeSet<String> offered = new TreeSet<>(complete("/"));
        TreeSet<String> table = new TreeSet<>();
        ReplCommands.all().forEach(c -> table.addAll(c.spellings()));
        assertEquals(table, offered, "Tab after / offers exactly the commands of the table");
        for (String c : List.of("/faults", "/sched", "/cpu", "/timeline", "/quit", "/?", "/list", "/vars", "/history",
                "/save", "/open")) {
            assertTrue(offered.contains(c), c);
        }
        String help = ReplCommands.help();
        for (ReplCommands.Command c : ReplCommands.all()) {
            assertTrue(help.contains(c.usage()), "/help lists " + c.usage());
            String one = ReplCommands.translate("/help " + c.name()).text();
            assertTrue(one.startsWith("/" + c.name()) && one.contains("usage: " + c.usage()), one);
        }
    }

    @Test
    void aPrefixGivesOnlyWhatStartsWithIt() {
        assertEquals(List.of("/timeline"), complete("/ti"));
        assertEquals(List.of("/help"), complete("/he"));
        assertEquals(new TreeSet<>(List.of("/save", "/sched", "/stats")), new TreeSet<>(complete("/s")));
    }

    @Test
    void commandArgumentsComeFromTheirKind() {
        assertEquals(new TreeSet<>(List.of("1", "12", "17")), new TreeSet<>(complete("/kill ")));
        assertEquals(new TreeSet<>(List.of("1", "12", "17")), new TreeSet<>(complete("/proc 1")));
        assertEquals(List.of("17"), complete("/handles 17"));
        assertEquals(List.of(), complete("/kill 12 "), "CODE: nothing to offer");
        assertEquals(new TreeSet<>(List.of("sched", "save", "stats")), new TreeSet<>(complete("/help s")));
        assertEquals(List.of(), complete("/ps "), "/ps takes no argument");
    }

    @Test
    void aPidArgumentOffersTheLiveProcesses() {
        assertEquals(new TreeSet<>(List.of("1", "12", "17")), new TreeSet<>(complete("k.kill(")));
        assertEquals(new TreeSet<>(List.of("1", "12", "17")), new TreeSet<>(complete("k.proc(1")));
        assertEquals(List.of("17"), complete("k.pages(17"));
        assertEquals(List.of("12"), complete("k.kill(12"));
        assertTrue(complete("k.kill(12, ").stream().noneMatch(c -> c.matches("\\d+")), "the exit code is no pid");
        assertEquals(new TreeSet<>(List.of("1", "12", "17")), new TreeSet<>(complete("var d = k.proc(")));
        assertTrue(complete("k.proc(k.ps").stream().noneMatch(c -> c.matches("\\d+")), "an expression: JShell's words");
    }

    @Test
    void insideStringsTheWordsThatFitTheParameter() {
        assertEquals(Programs.NAMES.length, complete("k.spawn(\"").size());
        assertEquals(List.of("tree\""), complete("k.spawn(\"tr"), "a program, with the closing quote");
        assertEquals(List.of("tree\""), complete("k.spawnUnder(3, \"tr"));
        assertEquals(List.of("stride\""), complete("k.sched().use(\"st"));
        assertEquals(List.of("round-robin\""), complete("k.sched().bench(\"ro"));
        assertEquals(List.of("kill-at-syscall\""), complete("k.faults().prepare(\"ki"));
        assertEquals(List.of("frames\""), complete("k.faults().state(\"fr"));
        assertEquals(List.of("syscall:enter\"", "syscall:exit\""), complete("k.probe(\"sys"), "a hook, from the kernel's table");
        assertEquals(List.of("mem:frame-alloc\""), complete("k.patch(\"mem:fr"));
        assertEquals(oolong.api.probe.Hooks.COUNT, complete("k.probe(\"").size());
        assertEquals(List.of(), complete("k.spawn(\"tree\", \""), "the program's arguments are free text");
        assertEquals(List.of(), complete("String s = \""), "no list for a plain string");
    }

    @Test
    void javaCompletionStillWorks() {
        List<String> c = complete("k.fil");
        assertTrue(c.contains("filicide("), c.toString());
        assertTrue(complete("k.sched().ti").contains("timeline()"), complete("k.sched().ti").toString());
    }

    @Test
    void anOpenParenthesisShowsSignaturesAndDocumentation() {
        SignatureHelp help = new SignatureHelp(session.analysis());
        String shown = help.at("k.kill(", 7);
        assertTrue(shown.contains("ProcessInfo Kernel.kill(int pid)"), shown);
        assertTrue(shown.contains("ProcessInfo Kernel.kill(int pid, long code, boolean force)"), shown);
        assertTrue(shown.contains("Kills a process as the kernel's kill does"), "the javadoc: " + shown);
        assertTrue(shown.contains("Kills even init while it has children"), shown);
        String second = help.at("k.kill(3, ", 10);
        assertTrue(second.contains("kill(int pid, long code)") && !second.contains("kill(int pid)\n"), second);
        assertTrue(help.at("k.spawn(", 8).contains("Starts a program of the user image as a child of init"));
        assertNull(help.at("k.kill(3", 8), "typing an argument: complete it instead");
        assertNull(help.at("k.spawn(\"", 9), "inside a string: complete the string");
        assertNull(help.at("k.ps", 4));
    }
}
