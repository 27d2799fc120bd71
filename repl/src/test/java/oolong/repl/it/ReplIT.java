package oolong.repl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import oolong.api.ExitCodes;
import oolong.api.ForkFlags;
import oolong.api.MemFlags;
import oolong.repl.session.Session;
import oolong.repl.agent.AgentException;
import oolong.repl.api.CheckReport;
import oolong.repl.api.HandleTable;
import oolong.repl.api.Kernel;
import oolong.repl.api.Machine;
import oolong.repl.api.PageMap;
import oolong.repl.api.ProcessInfo;
import oolong.repl.api.ProcessTree;
import oolong.repl.api.Puppet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The REPL's facades against the real kernel in QEMU (TCG). One machine for the class. */
@Timeout(120)
class ReplIT {
    static Session session;
    static Kernel k;
    static Machine vm;

    @BeforeAll
    static void boot() throws Exception {
        session = LiveKernel.boot();
        k = new Kernel(session::agent);
        vm = new Machine(session);
    }

    @AfterAll
    static void shutDown() {
        session.close();
    }

    @AfterEach
    void kernelStillConsistent() {
        CheckReport r = k.check();
        assertTrue(r.ok(), r.toString());
    }

    static ProcessInfo info(int pid) {
        return k.ps().pid(pid).orElse(null);
    }

    static void waitFor(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        LiveKernel.until(k, condition, what);
    }

    @Test
    void aSpawnedTreeShowsUpInPs() throws Exception {
        int root = k.spawn("tree", "2", "2");
        waitFor(() -> k.ps().stream().filter(p -> p.program().equals("tree") && p.alive()).count() >= 7, "7 tree processes");
        ProcessTree ps = k.ps();
        ProcessInfo r = ps.pid(root).orElseThrow();
        assertEquals(1, r.ppid());
        assertEquals(2, ps.children(root).size());
        assertTrue(ps.toString().contains("tree"), ps.toString());
        assertEquals(7, k.filicide(root).size() + 1, "filicide kills the six below the root");
        waitFor(() -> ps.children(root).isEmpty() || k.ps().children(root).stream().noneMatch(ProcessInfo::alive),
                "the children are dead");
        k.kill(root, 0);
    }

    @Test
    void aKilledParentWaitsToBeReapedThenStaysATombstoneUntilItsLastChildDies() throws Exception {
        Puppet p = k.puppet();
        Puppet c = p.fork();
        Puppet g = c.fork();
        k.kill(c.pid(), 33);
        assertEquals("TOREAP", info(c.pid()).state(), "the parent is not awaiting");
        assertTrue(info(g.pid()).alive(), "its child keeps running");
        assertEquals(33, p.await());
        assertEquals("TOMBSTONE", info(c.pid()).state(), "reaped, but kept for its child");
        k.kill(g.pid(), 0);
        assertFalse(k.ps().pid(c.pid()).isPresent(), "the last child took the tombstone with it");
        assertFalse(k.ps().pid(g.pid()).isPresent());
        k.kill(p.pid(), 0);
    }

    @Test
    void aChildThatExitsStaysToreapUntilItsParentAwaits() throws Exception {
        Puppet p = k.puppet();
        Puppet c = p.fork();
        assertEquals(7, c.exit(7));
        assertEquals("TOREAP", info(c.pid()).state());
        assertEquals(7L, info(c.pid()).code());
        assertEquals(7, p.await());
        assertFalse(k.ps().pid(c.pid()).isPresent());
        assertEquals(ExitCodes.NOTHING_TO_AWAIT, p.await());
        k.kill(p.pid(), 0);
    }

    @Test
    void noreapChildrenAreNeverAwaited() throws Exception {
        Puppet p = k.puppet();
        Puppet quiet = p.fork(ForkFlags.NOREAP);
        quiet.exit(5);
        assertFalse(k.ps().pid(quiet.pid()).isPresent(), "gone at once: nobody will reap it");
        assertEquals(ExitCodes.NOTHING_TO_AWAIT, p.await());
        k.kill(p.pid(), 0);
    }

    @Test
    void awaitBlocksUntilAChildDies() throws Exception {
        Puppet p = k.puppet();
        Puppet c = p.fork();
        var pending = p.awaitAsync();
        waitFor(() -> "WAITS4CHILDDEATH".equals(info(p.pid()).state()), "the parent waits");
        assertFalse(pending.isDone());
        c.exit(11);
        assertEquals(11, pending.get().path("result").path("ret").asLong());
        k.kill(p.pid(), 0);
    }

    @Test
    void handleTableAfterPipeAndDup() {
        Puppet p = k.puppet();
        int[] ends = p.pipe();
        assertEquals(0, p.dup(ends[1], -1));
        HandleTable t = k.handles(p.pid());
        assertEquals(3, t.slots().size());
        assertEquals(2, t.slot(0).refcount(), "slot 0 and the original write end");
        assertEquals("write", t.slot(0).end());
        assertEquals("read", t.slot(ends[0]).end());
        assertTrue(t.slot(ends[0]).peerOpen());
        Puppet reader = p.fork();
        var blocked = reader.readAsync(ends[0], 4);
        Optional<HandleTable.Handle> h = Optional.empty();
        for (int i = 0; i < 100 && (h.isEmpty() || h.get().blocked().isEmpty()); i++) {
            h = Optional.ofNullable(k.handles(p.pid()).slot(ends[0]));
        }
        assertEquals(List.of(reader.pid()), h.orElseThrow().blocked(), "the reader waits in the pipe's queue");
        assertEquals(2, k.handles(p.pid()).slot(ends[0]).refcount(), "the fork copied the table");
        assertEquals(4, p.write(ends[1], "ping"));
        assertEquals("ping", blocked.join().data(), blocked.join().toString());
        assertEquals(4, blocked.join().ret());
        k.filicide(p.pid());
        k.kill(p.pid(), 0);
    }

    @Test
    void pageMappingsAfterMemflag() {
        Puppet p = k.puppet();
        long base = p.memflag(0, 3 * 4096, MemFlags.FINDFREE | MemFlags.PRESENT);
        assertTrue(base >= 0x4000_0000L, Long.toHexString(base));
        PageMap map = k.pages(p.pid());
        PageMap.Mapping m = map.at(base);
        assertNotNull(m, map.toString());
        assertTrue(m.flags().startsWith("rw"), m.toString());
        assertEquals(1, p.poke(base + 8192, 42) + 1);
        assertEquals(42, p.touch(base + 8192));
        assertEquals(base, p.memflag(base, 3 * 4096, 0), "unmap");
        assertTrue(k.pages(p.pid()).at(base) == null, "gone from the mappings");
        IllegalStateException died = assertThrows(IllegalStateException.class, () -> p.touch(base),
                "touching it now kills the puppet");
        /* from the reply, not from ps: init may have reaped the dead puppet already */
        assertTrue(died.getMessage().contains("died with code " + ExitCodes.PAGE_FAULT), died.getMessage());
    }

    @Test
    void theKernelsPageListMatchesTheHardware() {
        Puppet p = k.puppet();
        long base = p.memflag(0, 5 * 4096, MemFlags.FINDFREE | MemFlags.PRESENT);
        p.poke(base, 1);
        Puppet c = p.fork();
        c.poke(base + 4096, 2);
        for (Puppet x : List.of(p, c)) {
            var check = k.verifyPages(x.pid(), vm);
            assertTrue(check.ok(), check.toString());
            assertTrue(check.pagesCompared() > 50, check.toString());
        }
        k.filicide(p.pid());
        k.kill(p.pid(), 0);
    }

    @Test
    void badRequestsAreClearErrors() {
        AgentException e = assertThrows(AgentException.class, () -> k.kill(99999));
        assertEquals("ENOPROC", e.code());
        /* init reaps every child the other tests leave and may have none by now: give it one, so
           this checks the refusal and not the shutdown killing a childless init is */
        Puppet child = k.puppet();
        AgentException init = assertThrows(AgentException.class, () -> k.kill(1));
        assertEquals("ESTATE", init.code(), "killing init with children needs force");
        k.kill(child.pid(), 0);
        AgentException bad = assertThrows(AgentException.class, () -> k.agent().call("kill", java.util.Map.of("pid", "x")));
        assertEquals("EINVAL", bad.code());
        assertTrue(bad.getMessage().contains("must be an integer"), bad.getMessage());
    }

    @Test
    void machineHelpers() {
        assertEquals("running", vm.status());
        assertEquals("paused", vm.pause());
        assertEquals("running", vm.resume());
        assertTrue(vm.hmp("info version").length() > 0);
        assertTrue(vm.console().contains("agent: host connected"), vm.console(20));
    }

    /**
     * Thousands of well-formed frames with hostile arguments, to every operation the kernel offers:
     * wrong types, huge and negative numbers, nested values, unknown actions. Each one gets an answer
     * (a result or a clear error), and afterwards the kernel still answers and its invariants hold.
     * (Malformed frames themselves are AgentIT's subject.)
     */
    @Test
    void hostileArgumentsToEveryOperationGetAnswersAndTheKernelStaysConsistent() {
        java.util.List<String> ops = new java.util.ArrayList<>();
        k.agent().call("ops", java.util.Map.of()).forEach(n -> ops.add(n.asText()));
        assertTrue(ops.containsAll(java.util.List.of("ps", "kill", "filicide", "spawn", "sched", "faults", "puppet")), ops.toString());
        java.util.Random random = new java.util.Random(11);
        String[] keys = {"pid", "code", "force", "action", "policy", "program", "args", "parent", "name", "nice", "weight",
            "since", "class", "runnable", "decisions", "budget", "probability", "times", "every", "pids", "cmd", "n"};
        Object[] values = {-1, 0, 99999, Long.MAX_VALUE, Long.MIN_VALUE, 1e300, -0.5, "x", "", "\u0000", "stride", "get",
            "nosuch", java.util.List.of(), java.util.List.of(1, "a"), java.util.Map.of("a", 1), true, false,
            "x".repeat(2000), java.util.List.of(java.util.List.of(java.util.List.of()))};
        int answered = 0;
        for (int i = 0; i < 2000; i++) {
            String op = ops.get(random.nextInt(ops.size()));
            java.util.Map<String, Object> args = new java.util.HashMap<>();
            for (int n = random.nextInt(4); n > 0; n--) {
                args.put(keys[random.nextInt(keys.length)], values[random.nextInt(values.length)]);
            }
            if (op.equals("faults") || op.equals("hold") || op.equals("release")) {
                continue;   /* these can legitimately switch faults on or freeze a process: not hostile input */
            }
            Object pid = args.get("pid");
            if (pid instanceof Integer p && p == 1) {
                continue;
            }
            try {
                k.agent().call(op, args, java.time.Duration.ofSeconds(10));
                answered++;
            } catch (AgentException e) {
                assertTrue(e.code().startsWith("E") && e.getMessage() != null && !e.getMessage().isBlank(), e.toString());
                assertTrue(!e.code().equals("EINTERNAL"), op + " " + args + " failed inside the kernel: " + e.getMessage());
                answered++;
            }
        }
        assertTrue(answered > 1500, "answers: " + answered);
        IllegalArgumentException reserved = assertThrows(IllegalArgumentException.class,
                () -> k.agent().call("check", java.util.Map.of("id", java.util.Map.of("a", 1))));
        assertTrue(reserved.getMessage().contains("reserved"), reserved.getMessage());
        var check = k.check();
        assertTrue(check.ok(), "after 2000 hostile requests the kernel answers and its invariants hold: " + check);
        assertEquals("seed", k.sched().use("seed"));
    }

    @Test
    void aPuppetReadOfBytesThatNeedEscapingComesBackWhole() {
        Puppet p = k.puppet();
        int[] ends = p.pipe();
        Puppet reader = p.fork();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            text.append(i % 3 == 0 ? '"' : i % 3 == 1 ? '\u0001' : '\\');
        }
        var read = reader.readAsync(ends[0], 2048);
        assertEquals(1000, p.write(ends[1], text.toString()));
        assertEquals(text.toString(), read.join().path("result").path("data").asText(), "~5 KiB of escaped result from one read");
        k.filicide(p.pid());
        k.kill(p.pid(), 0);
    }
}
