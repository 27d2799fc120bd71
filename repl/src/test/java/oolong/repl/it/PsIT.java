package oolong.repl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import oolong.repl.api.Kernel;
import oolong.repl.api.ProcessInfo;
import oolong.repl.api.ProcessTree;
import oolong.repl.api.Puppet;
import oolong.repl.api.PuppetReply;
import oolong.repl.session.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The incremental ps on the real kernel: k.ps() keeps the last tree and asks only for what
 * changed ({@code "since"}); after random forks, exits, kills, pipes, sleeps, awaits and nice
 * changes made by puppets (real system calls in ring 3), the tree it returns equals a full ps
 * from a fresh facade, every field but the CPU time (which moves between the two calls).
 */
@Timeout(300)
class PsIT {
    static Session session;
    static Kernel k;

    @BeforeAll
    static void boot() throws Exception {
        session = LiveKernel.boot();
        k = new Kernel(session::agent);
    }

    @AfterAll
    static void shutDown() {
        session.close();
    }

    /** Each process as the object format describes it, CPU time left out. */
    static List<String> withoutCpu(ProcessTree tree) {
        List<String> out = new ArrayList<>();
        for (ProcessInfo p : tree) {
            ObjectNode o = ((ObjectNode) p.json()).deepCopy();
            o.remove("cpu_us");
            out.add(o.toString());
        }
        return out;
    }

    /**
     * k.ps() (incremental) against a full ps from a fresh facade. A new puppet runs on its own
     * until it waits for its first command, so the two may differ for a moment; they are asked
     * again until they agree (at most 20 s). A change the incremental tree missed stays missed, so
     * it fails.
     */
    static ProcessTree assertTheSameAsAFullPs(String when) throws InterruptedException {
        long deadline = System.nanoTime() + LiveKernel.DEADLINE_NANOS;
        while (true) {
            ProcessTree tree = k.ps();
            ProcessTree full = new Kernel(session::agent).ps();
            if (withoutCpu(full).equals(withoutCpu(tree)) || System.nanoTime() > deadline) {
                assertEquals(withoutCpu(full), withoutCpu(tree), when);
                return tree;
            }
            Thread.sleep(50);
        }
    }

    @Test
    void theIncrementalTreeEqualsAFullPsAfterRandomChanges() throws Exception {
        Random r = new Random(16);
        List<Puppet> idle = new ArrayList<>();
        List<CompletableFuture<PuppetReply>> busy = new ArrayList<>();
        idle.add(k.puppet());
        ProcessTree first = k.ps();
        int incremental = 0;
        for (int step = 0; step < 80; step++) {
            Puppet p = idle.get(r.nextInt(idle.size()));
            switch (r.nextInt(9)) {
                case 0, 1 -> idle.add(r.nextBoolean() ? p.fork() : k.puppet());
                case 2 -> p.pipe();
                case 3 -> p.close(1 + r.nextInt(4));
                case 4 -> {
                    if (idle.size() > 2) {
                        idle.remove(p);
                        if (r.nextBoolean()) {
                            p.commandAsync("exit " + r.nextInt(100)).get(30, java.util.concurrent.TimeUnit.SECONDS);
                        } else {
                            k.kill(p.pid(), 9);
                        }
                    }
                }
                case 5 -> {
                    if (idle.size() > 2) {
                        idle.remove(p);
                        busy.add(p.sleepAsync(120_000));      /* asleep until the test ends */
                    }
                }
                case 6 -> {
                    if (idle.size() > 2) {
                        idle.remove(p);
                        busy.add(p.awaitAsync());
                    }
                }
                case 7 -> k.sched().nice(p.pid(), r.nextInt(40) - 20);
                default -> {
                    assertTheSameAsAFullPs("step " + step);
                    incremental++;
                }
            }
        }
        for (CompletableFuture<PuppetReply> f : busy) {
            f.cancel(false);
        }
        ProcessTree tree = assertTheSameAsAFullPs("at the end");
        assertTrue(incremental >= 3, "compared " + incremental + " times");
        assertTrue(tree.size() > first.size(), first.size() + " -> " + tree.size());
    }

    @Test
    void aRefreshSendsOnlyTheChangedRows() throws Exception {
        for (int i = 0; i < 4; i++) {
            k.puppet().getpid();        /* settled puppets, waiting for a command: they do not change */
        }
        ProcessTree before = k.ps();
        JsonNode whole = k.agent().call("ps", Map.of("format", "rows"));
        long gen = whole.path("gen").asLong();
        Puppet p = k.puppet();
        JsonNode since = k.agent().call("ps", Map.of("format", "rows", "since", gen));
        assertFalse(since.path("full").asBoolean(), since.toString());
        assertTrue(since.path("rows").size() < whole.path("rows").size(), since.toString());
        List<Integer> pids = new ArrayList<>();
        since.path("rows").forEach(row -> pids.add(row.get(0).asInt()));
        assertTrue(pids.contains(p.pid()), since.toString());
        assertTrue(k.ps().pid(p.pid()).isPresent());
        assertTrue(before.size() > 0);
    }
}
