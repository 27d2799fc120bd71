package oolong.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * /reload keeps the session: a batch script builds state (a process tree, a puppet family, a
 * policy class typed into the REPL, weights, a fault point's knobs, a kill), reloads (no build
 * step here: the REPL was not started by scripts/oolong, so it boots the images as they are),
 * and checks on the new machine that the tree has the same shape, the policy and its settings
 * are back, the fault point has the same knobs, and the variables name the new processes. Two
 * boots in all.
 */
@Timeout(300)
class ReloadIT {
    @TempDir
    Path dir;

    static final String SCRIPT = """
            // the shape of a subtree: programs and states, children in a fixed order (pids differ after a reload)
            String shape(int pid) {
                var ps = k.ps();
                var p = ps.pid(pid).orElseThrow();
                return p.program() + ":" + p.state() + ps.children(pid).stream().map(c -> shape(c.pid())).sorted().toList();
            }
            String settled(int pid, int processes) throws Exception {
                for (int i = 0; i < 400; i++) {
                    var s = shape(pid);
                    if (s.split(":").length - 1 == processes && !s.contains("RUNNABLE")) return s;
                    Thread.sleep(50);
                }
                return shape(pid);
            }
            int t = k.spawn("tree", "2", "2");
            var p = k.puppet();
            var c = p.fork();
            int victim = k.spawn("sleeper", "100000");
            k.kill(victim, 5);
            class Fair implements Policy {
                public int pick(RunQueue q) {
                    int best = 0;
                    for (int i = 0; i < q.size(); i++) {
                        if (q.sinceRun(i) >= 50) return i;
                        if (q.cpuMicros(i) < q.cpuMicros(best)) best = i;
                    }
                    return best;
                }
            }
            k.sched().install(Fair.class)
            k.sched().watchdog(700)
            k.faults().dropPipeWrites().forPids(c.pid()).every(3).on()
            String before = settled(t, 7);
            Oolong.expect(before.equals("tree:WAITS4CHILDDEATH[tree:WAITS4CHILDDEATH[tree:WAITS4TIMER[], tree:WAITS4TIMER[]], tree:WAITS4CHILDDEATH[tree:WAITS4TIMER[], tree:WAITS4TIMER[]]]"), "the tree before: " + before);
            k.ps().size()
            /reload
            Oolong.expect(settled(t, 7).equals(before), "the same tree after the reload: " + shape(t) + " (before: " + before + ")");
            Oolong.expect(k.ps().pid(c.pid()).orElseThrow().ppid() == p.pid(), "the puppet's child is its child again");
            Oolong.expect(k.ps().pid(victim).map(v -> !v.alive()).orElse(true), "the killed sleeper is dead again (or reaped): " + k.ps().pid(victim));
            Oolong.expect(k.sched().policy().equals("Fair"), "the typed policy is installed again: " + k.sched().policy());
            Oolong.expect(k.sched().limits().watchdogMs() == 700, "the watchdog setting is back: " + k.sched().limits());
            var fs = k.faults().state("pipe-drop");
            Oolong.expect(fs.enabled() && fs.interval() == 3, "the fault point's knobs are back: " + fs);
            Oolong.expect(k.faults().state("frames").enabled() == false, "no other fault point was switched on");
            Oolong.expect(p.fork().pid() > 0, "the puppet takes commands");
            k.check()
            """;

    @Test
    void theSameTreePolicyAndFaultSettingsAfterAReload() throws Exception {
        Path file = dir.resolve("reload.jsh");
        Files.writeString(file, SCRIPT);
        String images = System.getProperty("oolong.images", "../boot/target/images");
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream old = System.out;
        int status;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            status = Main.run(new String[] {"--images", images, "run", file.toString()});
        } finally {
            System.setOut(old);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        System.out.println(out);
        assertEquals(0, status, out);
        assertTrue(out.contains("reload: replaying 8 snippets (2 spawn, 2 puppet, 1 kill, 2 policy, 1 fault):"), out);
        for (String replayed : new String[] {"int t = k.spawn(\"tree\", \"2\", \"2\");", "var p = k.puppet();",
                "var c = p.fork();", "int victim = k.spawn(\"sleeper\", \"100000\");", "k.kill(victim, 5);",
                "k.sched().install(Fair.class)", "k.sched().watchdog(700)",
                "k.faults().dropPipeWrites().forPids(c.pid()).every(3).on()"}) {
            assertTrue(out.contains("  ok      " + replayed), "replayed: " + replayed + "\n" + out);
        }
        assertTrue(out.contains("8 of 8 replayed"), out);
        /* what only looked or computed is not replayed */
        assertTrue(!out.contains("ok      k.ps().size()") && !out.contains("ok      String before"), out);
    }
}
