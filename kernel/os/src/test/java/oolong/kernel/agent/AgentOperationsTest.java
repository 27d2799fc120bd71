package oolong.kernel.agent;

import static oolong.kernel.platform.SimulatedPlatform.syscall;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import oolong.api.Syscall;
import oolong.kernel.core.SimulatedKernel;
import oolong.kernel.mem.UserLayout;
import oolong.kernel.proc.ProcessState;
import org.junit.jupiter.api.Test;

/**
 * Every agent operation on a simulated machine, through {@link Agent#received} as the host sends
 * them: results, defaults, and the errors docs/agent-protocol.md lists for each.
 */
class AgentOperationsTest {
    static final long BUF = UserLayout.ARENA_BASE + 0x10_0000;

    final SimulatedKernel k = new SimulatedKernel();
    final AgentSession s = new AgentSession(k);

    AgentOperationsTest() {
        k.turns(1);
    }

    /** init forks n children (round robin, so each gets to run) and keeps running. */
    void forkChildren(int n) {
        for (int i = 0; i < n; i++) {
            k.platform.script(1, syscall(Syscall.FORK, 0));
        }
        k.runUntil(() -> k.machine.processes.liveProcesses() == n + 1, 50);
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void pingVersionAndOps() {
        assertTrue(s.result("ping", "").path("pong").asBoolean());
        JsonNode v = s.result("version", "");
        assertEquals(1, v.path("protocol").asInt());
        assertTrue(v.path("kernel").asText().startsWith("Oolong "), v.toString());
        List<String> ops = texts(s.result("ops", ""));
        assertEquals(new ArrayList<>(new TreeSet<>(ops)), ops, "sorted");
        assertEquals(List.of("check", "coverage", "faults", "filicide", "handles", "hold", "kill", "ops", "pages", "ping",
                "probe", "proc", "ps", "puppet", "release", "sched", "scrub", "spawn", "stats", "version"), ops);
    }

    /** docs/agent-protocol.md's operation table names exactly the operations the agent registers. */
    @Test
    void theProtocolTableListsEveryOperation() throws IOException {
        List<String> table = new ArrayList<>();
        boolean inTable = false;
        for (String line : Files.readAllLines(Path.of("../../docs/agent-protocol.md"))) {
            if (line.startsWith("| op | arguments |")) {
                inTable = true;
            } else if (inTable && !line.startsWith("|")) {
                break;
            } else if (inTable) {
                Matcher m = Pattern.compile("^\\| \\[?`([a-z_]+)`").matcher(line);
                if (m.find()) {
                    table.add(m.group(1));
                }
            }
        }
        List<String> ops = texts(s.result("ops", ""));
        assertEquals(new TreeSet<>(ops), new TreeSet<>(table), "docs/agent-protocol.md's table against the agent's ops");
        assertEquals(ops.size(), table.size(), "each operation once in the table");
    }

    /**
     * Every operation the agent registers is sent, as the host sends it, by some host test of
     * kernel/os (an AgentSession's call, result, error or send with the operation's name; puppet's
     * are in PuppetsTest), so none is tested only by booting QEMU.
     */
    @Test
    void everyOperationIsSentByAHostTest() throws IOException {
        StringBuilder tests = new StringBuilder();
        try (var files = Files.walk(Path.of("src/test/java"))) {
            for (Path f : files.filter(f -> f.toString().endsWith("Test.java")).toList()) {
                tests.append(Files.readString(f));
            }
        }
        List<String> untested = new ArrayList<>();
        for (String op : texts(s.result("ops", ""))) {
            if (!Pattern.compile("\\.(call|result|error|send)\\(\"" + op + "\"").matcher(tests).find()) {
                untested.add(op);
            }
        }
        assertEquals(List.of(), untested, "operations no host test sends");
    }

    /** This kernel is not built with coverage: the operation says so instead of answering zeroes. */
    @Test
    void coverageWithoutCountersIsNotSupported() {
        assertEquals("ENOTSUP", s.error("coverage", ""));
        assertEquals("ENOTSUP", s.error("coverage", "\"reset\":true"));
    }

    @Test
    void statsReportTheMachineAndTheRuntime() {
        k.platform.advance(2_500_000_000L);
        JsonNode st = s.result("stats", "");
        assertEquals(k.platform.clockNanos(), st.path("uptime_ns").asLong());
        assertEquals(100, st.path("timer_hz").asInt());
        assertEquals(3, st.path("gc").path("collections").asLong());
        assertEquals(3, st.path("gc").path("pauses").path("recorded").asLong());
        assertEquals(200_000, st.path("gc").path("pauses").path("p50_ns").asLong());
        assertEquals(300_000, st.path("gc").path("pauses").path("max_ns").asLong());
        assertEquals(300_000, st.path("gc").path("pauses").path("last_ns").asLong());
        assertEquals(100, st.path("agent").path("bytes_in").asLong());
        assertEquals(16, st.path("irqs").size());
        assertEquals(1, st.path("processes").path("live").asLong());
        assertEquals(k.hardware.frames.freeFrames(), st.path("frames").path("free").asLong());
        assertEquals("seed", st.path("sched").path("policy").asText());
        assertEquals(k.machine.contextSwitches(), st.path("context_switches").asLong());
        assertTrue(st.path("per_process").path("frame_bytes").asLong() > 0);
    }

    @Test
    void scrubZeroesFreeFrames() {
        JsonNode r = s.result("scrub", "");
        assertTrue(r.has("frames_zeroed") && r.has("ns"), r.toString());
        assertEquals(0, s.result("scrub", "").path("frames_zeroed").asLong(), "nothing left to zero");
    }

    @Test
    void psInBothFormats() {
        forkChildren(2);
        JsonNode ps = s.result("ps", "");
        assertEquals(3, ps.path("processes").size());
        JsonNode init = ps.path("processes").get(0);
        assertEquals(1, init.path("pid").asInt());
        assertEquals("init", init.path("program").asText());
        assertTrue(init.path("code").isNull());
        assertEquals(1, ps.path("processes").get(1).path("ppid").asInt());
        JsonNode rows = s.result("ps", "\"format\":\"rows\"");
        assertEquals(List.of("pid", "ppid", "cid", "program", "state", "pages", "cpu_us", "handles", "code", "noreap",
                "nice", "weight"), texts(rows.path("columns")));
        assertEquals("[0,null,0,0,1]", rows.path("defaults").toString());
        assertEquals(3, rows.path("rows").size());
        assertTrue(rows.path("full").asBoolean());
        assertEquals(List.of("init"), texts(rows.path("programs")));
        assertEquals("EINVAL", s.error("ps", "\"format\":\"table\""));
    }

    @Test
    void psSinceAGenerationAnswersOnlyWhatChanged() {
        forkChildren(2);
        JsonNode first = s.result("ps", "\"format\":\"rows\"");
        long gen = first.path("gen").asLong();
        assertTrue(gen > 0, first.toString());
        int victim = first.path("rows").get(2).get(0).asInt();
        s.result("kill", "\"pid\":" + victim + ",\"code\":5");
        JsonNode since = s.result("ps", "\"format\":\"rows\",\"since\":" + gen);
        assertFalse(since.path("full").asBoolean(), since.toString());
        assertTrue(since.path("gen").asLong() > gen);
        List<Integer> changed = new ArrayList<>();
        since.path("rows").forEach(r -> changed.add(r.get(0).asInt()));
        assertTrue(changed.contains(victim), since.toString());
        assertTrue(s.result("ps", "\"format\":\"rows\",\"since\":" + (gen + 1000)).path("full").asBoolean(),
                "a generation this kernel has not handed out");
        assertEquals("EINVAL", s.error("ps", "\"format\":\"rows\",\"since\":-1"));
        assertEquals("EINVAL", s.error("ps", "\"since\":" + gen), "since needs the rows format");
        assertEquals("EINVAL", s.error("ps", "\"format\":\"rows\",\"since\":\"x\""));
    }

    @Test
    void procDescribesOneProcess() {
        k.platform.script(1, syscall(Syscall.SLEEP, 500));
        k.turns(1);
        JsonNode p = s.result("proc", "\"pid\":1");
        assertEquals("WAITS4TIMER", p.path("state").asText());
        assertEquals("timer", p.path("wait").path("kind").asText());
        assertTrue(p.path("alive").asBoolean());
        assertTrue(p.has("rip") && p.has("rsp"));
        assertEquals("ENOPROC", s.error("proc", "\"pid\":99"));
        assertEquals("EINVAL", s.error("proc", "\"pid\":0"));
        assertEquals("EINVAL", s.error("proc", ""));
    }

    @Test
    void killUsesTheDefaultCodeAndProtectsInit() {
        forkChildren(1);
        JsonNode killed = s.result("kill", "\"pid\":2");
        assertEquals(-1, killed.path("code").asLong());
        assertEquals("TOREAP", killed.path("state").asText());
        assertEquals("ESTATE", s.error("kill", "\"pid\":2"));
        forkChildren(1);
        assertEquals("ESTATE", s.error("kill", "\"pid\":1"), "init has a child");
        assertEquals("ENOPROC", s.error("kill", "\"pid\":77"));
        assertEquals(7, s.result("kill", "\"pid\":3,\"code\":7").path("code").asLong());
    }

    @Test
    void killingInitWithForcePanics() {
        forkChildren(1);
        JsonNode r = s.call("kill", "\"pid\":1,\"force\":true");
        assertEquals("EINTERNAL", r.path("error").path("code").asText(), r.toString());
        assertTrue(k.platform.panicked());
    }

    @Test
    void filicideListsWhomItKilled() {
        forkChildren(2);
        JsonNode r = s.result("filicide", "\"pid\":1");
        assertEquals(List.of("3", "2"), texts(r.path("killed")));
        assertEquals(1, k.machine.processes.liveProcesses());
        assertEquals(List.of(), texts(s.result("filicide", "\"pid\":1").path("killed")));
    }

    @Test
    void handlesAndPagesOfAProcess() {
        k.platform.script(1, syscall(Syscall.PIPE, BUF), syscall(Syscall.GETPID));
        k.turns(2);
        JsonNode h = s.result("handles", "\"pid\":1");
        assertEquals(2, h.path("slots").size());
        assertEquals("read", h.path("slots").get(0).path("end").asText());
        assertTrue(h.path("slots").get(0).path("peer_open").asBoolean());
        JsonNode pages = s.result("pages", "\"pid\":1");
        assertTrue(pages.path("mappings").size() > 0);
        assertTrue(pages.path("regions").size() >= 4, "image, arena, guard, stack: " + pages.path("regions"));
        forkChildren(1);
        s.result("kill", "\"pid\":2");
        assertEquals("ESTATE", s.error("handles", "\"pid\":2"));
        assertEquals("ESTATE", s.error("pages", "\"pid\":2"));
    }

    @Test
    void spawnStartsAProgramUnderAParent() {
        assertEquals(2, s.result("spawn", "\"program\":\"tree\",\"args\":[\"2\"]").path("pid").asInt());
        assertEquals("tree", k.process(2).program());
        assertEquals(3, s.result("spawn", "\"program\":\"sleeper\",\"parent\":2").path("pid").asInt());
        assertEquals(2, k.process(3).parent().pid());
        assertEquals("ENOENT", s.error("spawn", "\"program\":\"nosuch\""));
        assertEquals("ENOPROC", s.error("spawn", "\"program\":\"tree\",\"parent\":50"));
        s.result("kill", "\"pid\":3");
        assertEquals("ESTATE", s.error("spawn", "\"program\":\"tree\",\"parent\":3"));
        assertEquals("EINVAL", s.error("spawn", "\"program\":\"tree\",\"args\":[" + "\"x\",".repeat(70) + "\"x\"]"));
        k.machine.faults.frameAllocation.configure(1_000_000, 1, -1, 0, null, 0, 1);
        assertEquals("ENOMEM", s.error("spawn", "\"program\":\"tree\""));
        k.machine.faults.clear();
    }

    @Test
    void checkReportsInvariantsAndTheThreadPointer() {
        JsonNode c = s.result("check", "");
        assertTrue(c.path("ok").asBoolean(), c.toString());
        assertTrue(c.path("kernel_thread_pointer_ok").asBoolean());
        assertEquals(1, c.path("counters").path("processes_live").asLong());
        assertEquals(k.hardware.frames.freeFrames(), c.path("counters").path("frames_free").asLong());
        k.platform.setThreadPointerCheck(1);
        c = s.result("check", "");
        assertFalse(c.path("ok").asBoolean());
        assertTrue(c.path("violations").get(0).asText().contains("thread pointer"), c.toString());
    }

    @Test
    void holdAndRelease() {
        JsonNode h = s.result("hold", "\"pid\":1,\"timeout_ms\":100");
        assertEquals(k.process(1).addressSpace().pml4(), h.path("cr3").asLong());
        assertTrue(k.machine.holding());
        assertEquals("EINVAL", s.error("hold", "\"pid\":1,\"timeout_ms\":0"));
        assertTrue(s.result("release", "").path("released").asBoolean());
        assertFalse(k.machine.holding());
    }

    @Test
    void schedGetUseSetStatsTimelineLimits() {
        JsonNode g = s.result("sched", "");
        assertEquals("seed", g.path("policy").asText());
        assertEquals(List.of("seed", "round-robin", "priority", "lottery", "stride"), texts(g.path("built_in")));
        assertEquals("stride", s.result("sched", "\"action\":\"use\",\"policy\":\"stride\"").path("policy").asText());
        assertEquals("EINVAL", s.error("sched", "\"action\":\"use\",\"policy\":\"nope\""));
        JsonNode set = s.result("sched", "\"action\":\"set\",\"pid\":1,\"nice\":5,\"weight\":3");
        assertEquals(5, set.path("nice").asInt());
        assertEquals(3, k.process(1).sched.weight);
        assertEquals("EINVAL", s.error("sched", "\"action\":\"set\",\"pid\":1,\"nice\":50"));
        assertEquals("ENOPROC", s.error("sched", "\"action\":\"set\",\"pid\":9"));
        JsonNode stats = s.result("sched", "\"action\":\"stats\"");
        assertEquals(1, stats.path("processes").size());
        JsonNode t = s.result("sched", "\"action\":\"timeline\"");
        assertEquals(1, t.path("runs").get(0).get(1).asInt());
        assertEquals(t.path("next").asLong(), k.machine.timeline.count());
        JsonNode limits = s.result("sched", "\"action\":\"limits\",\"cpu_percent\":30,\"watchdog_ms\":500");
        assertEquals(30, limits.path("cpu_percent").asInt());
        assertEquals(500, limits.path("watchdog_ms").asInt());
        assertEquals("EINVAL", s.error("sched", "\"action\":\"limits\",\"max_slice_ms\":1"));
        assertEquals("EINVAL", s.error("sched", "\"action\":\"fly\""));
    }

    @Test
    void schedInstallsAVerifiedClassOrRefusesIt() throws IOException {
        String cls = Base64.getEncoder().encodeToString(classBytes(FirstRunnablePolicy.class));
        JsonNode r = s.result("sched", "\"action\":\"install\",\"class\":\"" + cls + "\"");
        assertTrue(r.path("interpreted").asBoolean(), r.toString());
        assertEquals(FirstRunnablePolicy.class.getSimpleName(), r.path("policy").asText());
        k.turns(5);
        assertTrue(k.machine.scheduler.policyDecisions() > 0);
        String notAPolicy = Base64.getEncoder().encodeToString(classBytes(AgentSession.class));
        assertEquals("EPOLICY", s.error("sched", "\"action\":\"install\",\"class\":\"" + notAPolicy + "\""));
        assertEquals("EINVAL", s.error("sched", "\"action\":\"install\",\"class\":\"%%%\""));
        assertEquals("EINVAL", s.error("sched", "\"action\":\"install\",\"class\":\"" + cls + "\",\"budget\":1"));
    }

    @Test
    void schedBenchRunsAsAJobAndAnswersWhenDone() {
        List<JsonNode> none = s.send("sched", "\"action\":\"bench\",\"policy\":\"round-robin\",\"runnable\":8,\"decisions\":200");
        assertEquals(List.of(), none, "deferred");
        long id = s.lastId();
        assertEquals("EBUSY", s.error("sched", "\"action\":\"bench\",\"policy\":\"seed\",\"runnable\":2"));
        List<JsonNode> answers = new ArrayList<>();
        k.runUntil(() -> {
            answers.addAll(s.taken());
            return !answers.isEmpty();
        }, 1000);
        JsonNode a = answers.get(0);
        assertEquals(id, a.path("id").asLong());
        assertEquals(200, a.path("result").path("decisions").asLong());
        assertEquals(8, a.path("result").path("picks").size());
        assertEquals("EINVAL", s.error("sched", "\"action\":\"bench\",\"policy\":\"nope\",\"runnable\":2"));
    }

    @Test
    void faultsListSetAndClear() {
        JsonNode list = s.result("faults", "");
        assertEquals(8, list.path("points").size());
        JsonNode set = s.result("faults", "\"action\":\"set\",\"point\":\"tick-delay\",\"parameter\":5,\"times\":2,\"pids\":[1]");
        assertTrue(set.path("enabled").asBoolean());
        assertEquals(5, set.path("parameter").asLong());
        assertTrue(set.path("scoped").asBoolean());
        assertEquals("EINVAL", s.error("faults", "\"action\":\"set\",\"point\":\"tick-delay\",\"parameter\":0"));
        assertEquals("EINVAL", s.error("faults", "\"action\":\"set\",\"point\":\"nope\""));
        assertEquals("EINVAL", s.error("faults", "\"action\":\"set\",\"point\":\"frames\",\"probability\":2"));
        JsonNode cleared = s.result("faults", "\"action\":\"clear\"");
        cleared.path("points").forEach(p -> assertFalse(p.path("enabled").asBoolean()));
        assertEquals("EINVAL", s.error("faults", "\"action\":\"break\""));
    }

    @Test
    void exitsPolicySwapsAndPanicsArePushedAsEvents() {
        forkChildren(1);
        s.result("kill", "\"pid\":2,\"code\":3");
        s.result("sched", "\"action\":\"use\",\"policy\":\"lottery\"");
        assertEquals(2, s.events.size(), s.events.toString());
        JsonNode exit = s.events.get(0);
        assertEquals("exit", exit.path("event").asText());
        assertEquals(2, exit.path("pid").asInt());
        assertEquals(3, exit.path("code").asLong());
        assertEquals("init", exit.path("program").asText());
        JsonNode swap = s.events.get(1);
        assertEquals("sched", swap.path("event").asText());
        assertEquals("seed", swap.path("from").asText());
        assertEquals("lottery", swap.path("to").asText());
        assertEquals("installed", swap.path("reason").asText());
        assertEquals(k.platform.timerTicks(), swap.path("tick").asLong());
        forkChildren(1);
        s.call("kill", "\"pid\":1,\"force\":true");
        assertEquals("panic", s.events.get(s.events.size() - 1).path("event").asText());
    }

    static byte[] classBytes(Class<?> c) throws IOException {
        try (InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
            return in.readAllBytes();
        }
    }
}
