package oolong.kernel.agent;

import static oolong.kernel.platform.SimulatedPlatform.syscall;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import oolong.api.Errno;
import oolong.api.Syscall;
import oolong.api.probe.Event;
import oolong.api.probe.Maps;
import oolong.api.probe.Patch;
import oolong.api.probe.Probe;
import oolong.api.sched.vm.ClassBytes;
import oolong.kernel.core.SimulatedKernel;
import oolong.kernel.platform.SimulatedPlatform.Step;
import oolong.kernel.proc.Invariants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The probe operation and the kernel's hooks on a simulated machine: real system-call dispatch,
 * the process model and the frame allocator, with probes and patches attached through the agent
 * as the REPL attaches them.
 */
class ProbeOperationsTest {
    final SimulatedKernel k = new SimulatedKernel();
    final AgentSession s = new AgentSession(k);
    final List<Long> results = new ArrayList<>();

    ProbeOperationsTest() {
        k.turns(1);
    }

    @AfterEach
    void theModelStaysConsistent() {
        assertEquals(List.of(), Invariants.check(k.machine.processes));
    }

    /** Counts getpid calls per pid in map 0. */
    public static final class GetpidCounter implements Probe {
        @Override
        public void fire(Event e, Maps m) {
            if (e.arg(0) == Syscall.GETPID) {
                m.add(0, e.pid(), 1);
            }
        }
    }

    /** getpid is -ENOSYS for the pid the host put in map 3, key 0. */
    public static final class NoGetpidForInit implements Patch {
        @Override
        public long decide(Event e, Maps m) {
            return e.pid() == m.get(3, 0) && e.arg(0) == Syscall.GETPID ? -38 : PASS;
        }
    }

    /** Every frame allocation fails while map 0 key 0 is not set, counted in map 1. */
    public static final class NoFrames implements Patch {
        @Override
        public long decide(Event e, Maps m) {
            m.add(1, 0, 1);
            return -12;
        }
    }

    /** Records the arguments of the last event per hook: map 0 arg(0), map 1 arg(1), map 2 arg(2), map 3 pid. */
    public static final class LastArgs implements Probe {
        @Override
        public void fire(Event e, Maps m) {
            m.put(0, e.hook(), e.arg(0));
            m.put(1, e.hook(), e.arg(1));
            m.put(2, e.hook(), e.arg(2));
            m.put(3, e.hook(), e.pid());
        }
    }

    int attach(String hook, String kind, Class<?> c) {
        JsonNode r = s.result("probe", "\"action\":\"attach\",\"hook\":\"" + hook + "\",\"kind\":\"" + kind
                + "\",\"class\":\"" + Base64.getEncoder().encodeToString(ClassBytes.of(c)) + "\"");
        assertEquals(hook, r.path("hook").asText());
        return r.path("id").asInt();
    }

    Map<Long, Long> map(int id, int map) {
        Map<Long, Long> out = new TreeMap<>();
        JsonNode r = s.result("probe", "\"action\":\"map\",\"probe\":" + id + ",\"map\":" + map);
        r.path("entries").forEach(e -> out.put(e.get(0).asLong(), e.get(1).asLong()));
        assertEquals(-1, r.path("next").asInt());
        return out;
    }

    void calls(int pid, Step... calls) {
        k.scriptCalls(pid, results, calls);
        k.runUntil(() -> results.size() >= calls.length, 200);
    }

    @Test
    void aProbeCountsExactlyTheCallsMade() {
        int id = attach("syscall:enter", "probe", GetpidCounter.class);
        calls(1, syscall(Syscall.GETPID), syscall(Syscall.GETPPID), syscall(Syscall.GETPID), syscall(Syscall.GETPID));
        assertEquals(List.of(1L, 0L, 1L, 1L), results);
        assertEquals(Map.of(1L, 3L), map(id, 0));
        JsonNode list = s.result("probe", "\"action\":\"list\"");
        assertEquals(1, list.path("attached").size());
        assertEquals(4, list.path("attached").get(0).path("hits").asLong());
        assertEquals("GetpidCounter", list.path("attached").get(0).path("name").asText());
    }

    @Test
    void aPatchReplacesAResultUntilDetached() {
        int id = attach("syscall:enter", "patch", NoGetpidForInit.class);
        assertEquals(1, s.result("probe", "\"action\":\"put\",\"probe\":" + id + ",\"map\":3,\"key\":0,\"value\":1")
                .path("size").asInt());
        calls(1, syscall(Syscall.GETPID), syscall(Syscall.GETPPID));
        assertEquals(List.of((long) -Errno.ENOSYS, 0L), results);
        s.result("probe", "\"action\":\"detach\",\"probe\":" + id);
        results.clear();
        calls(1, syscall(Syscall.GETPID));
        assertEquals(List.of(1L), results);
        assertEquals("ENOENT", s.error("probe", "\"action\":\"detach\",\"probe\":" + id));
    }

    @Test
    void aFrameAllocationPatchMakesForkFailWithEnomem() {
        long freeBefore = k.machine.memory.frames().freeFrames();
        int id = attach("mem:frame-alloc", "patch", NoFrames.class);
        calls(1, syscall(Syscall.FORK, 0));
        assertEquals(List.of((long) -Errno.ENOMEM), results);
        assertTrue(map(id, 1).get(0L) >= 1);
        s.result("probe", "\"action\":\"detach\",\"probe\":" + id);
        assertEquals(freeBefore, k.machine.memory.frames().freeFrames(), "the failed fork gave back every frame");
        assertEquals(1, k.machine.processes.liveProcesses());
        results.clear();
        calls(1, syscall(Syscall.FORK, 0));
        assertEquals(2L, results.get(0));
    }

    @Test
    void processHooksCarryTheirArguments() {
        int fork = attach("proc:fork", "probe", LastArgs.class);
        int kill = attach("proc:kill", "probe", LastArgs.class);
        int reap = attach("proc:reap", "probe", LastArgs.class);
        int await = attach("proc:await", "probe", LastArgs.class);
        k.platform.script(2, syscall(Syscall.EXIT, 7));
        calls(1, syscall(Syscall.FORK, 0), syscall(Syscall.AWAIT));
        assertEquals(List.of(2L, 7L), results);
        assertEquals(List.of(1L, 2L, 0L, 1L), lastOf(fork, 2));
        assertEquals(List.of(2L, 7L, 2L, 2L), lastOf(kill, 3));
        assertEquals(List.of(2L, 7L, 0L, 1L), lastOf(reap, 4));
        assertEquals(1L, map(await, 3).get(5L));
    }

    /** arg(0), arg(1), arg(2) and pid of the last event LastArgs saw at the hook. */
    List<Long> lastOf(int id, int hook) {
        List<Long> out = new ArrayList<>();
        for (int m = 0; m < 4; m++) {
            out.add(map(id, m).get((long) hook));
        }
        return out;
    }

    @Test
    void aFaultDetachesWithAnEvent() {
        attach("syscall:exit", "patch", oolong.api.sched.vm.HostileExtensions.ReturnsABadErrno.class);
        calls(1, syscall(Syscall.GETPID));
        List<JsonNode> events = s.taken();
        assertEquals(List.of(1L), results, "the kernel went on with the real result");
        JsonNode list = s.result("probe", "\"action\":\"list\"");
        assertEquals(0, list.path("attached").size());
        assertTrue(list.path("detached").get(0).path("reason").asText().contains("returned -5000"));
        assertTrue(events.stream().anyMatch(e -> e.path("event").asText().equals("probe")
                && e.path("class").asText().endsWith("ReturnsABadErrno")), events.toString());
    }

    @Test
    void badRequestsAreRefusedWithTheReason() {
        assertEquals("EINVAL", s.error("probe", "\"action\":\"attach\",\"hook\":\"nope\",\"class\":\""
                + Base64.getEncoder().encodeToString(ClassBytes.of(GetpidCounter.class)) + "\""));
        assertEquals("EINVAL", s.error("probe", "\"action\":\"attach\",\"hook\":\"tick\",\"kind\":\"patch\",\"class\":\""
                + Base64.getEncoder().encodeToString(ClassBytes.of(NoFrames.class)) + "\""));
        assertEquals("EPOLICY", s.error("probe", "\"action\":\"attach\",\"hook\":\"syscall:exit\",\"kind\":\"patch\",\"class\":\""
                + Base64.getEncoder().encodeToString(ClassBytes.of(GetpidCounter.class)) + "\""));
        assertEquals("EINVAL", s.error("probe", "\"action\":\"attach\",\"hook\":\"tick\",\"class\":\"!!\""));
        assertEquals("EINVAL", s.error("probe", "\"action\":\"fly\""));
        assertEquals("ENOENT", s.error("probe", "\"action\":\"map\",\"probe\":99"));
        JsonNode hooks = s.result("probe", "\"action\":\"hooks\"").path("hooks");
        assertEquals(oolong.api.probe.Hooks.COUNT, hooks.size());
        assertEquals("syscall:enter", hooks.get(0).path("name").asText());
    }
}
