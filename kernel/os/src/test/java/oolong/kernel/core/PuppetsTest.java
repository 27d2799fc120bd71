package oolong.kernel.core;

import static oolong.kernel.platform.SimulatedPlatform.syscall;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import oolong.api.Syscall;
import oolong.kernel.agent.AgentSession;
import oolong.kernel.mem.UserLayout;
import oolong.kernel.platform.SimulatedPlatform.Step;
import oolong.kernel.proc.Process;
import oolong.kernel.proc.ProcessState;
import org.junit.jupiter.api.Test;

/**
 * Puppets: a process of the "puppet" program waits in puppet_next, the agent's "puppet" operation
 * copies a command into its buffer, and its next puppet_next reports the result, which answers the
 * deferred request. The puppet's side is scripted here as the user program would make its calls.
 */
class PuppetsTest {
    /** The puppet's buffers, in its runtime arena (untouched until the kernel writes a command there). */
    static final long COMMAND = UserLayout.ARENA_BASE + 0x20_0000;
    static final long RESULT = UserLayout.ARENA_BASE + 0x30_0000;
    static final int CAPACITY = 4096;

    final SimulatedKernel k = new SimulatedKernel();
    final AgentSession s = new AgentSession(k);
    final List<String> commands = new ArrayList<>();
    final int pid;

    PuppetsTest() {
        k.platform.script(1, syscall(Syscall.AWAIT));      /* init waits for its children, as the real one does */
        pid = s.result("spawn", "\"program\":\"puppet\"").path("pid").asInt();
        k.platform.script(pid, waitForCommand());
        k.runUntil(() -> puppet().state() == ProcessState.WAITS4REQUEST, 50);
    }

    Process puppet() {
        return k.process(pid);
    }

    /** The first puppet_next: nothing to report yet. */
    static Step waitForCommand() {
        return syscall(Syscall.PUPPET_NEXT, 0, 0, COMMAND, CAPACITY);
    }

    /** Reads the command the kernel delivered (its length in RAX), then reports the given text. */
    Step report(String text) {
        return regs -> {
            int n = (int) regs.returnValue();
            byte[] b = new byte[n];
            assertEquals(0, k.process(pid).addressSpace().read(COMMAND, b, 0, n));
            commands.add(new String(b, StandardCharsets.UTF_8));
            byte[] r = text.getBytes(StandardCharsets.UTF_8);
            assertEquals(0, k.process(pid).addressSpace().write(RESULT, r, 0, r.length));
            return syscall(Syscall.PUPPET_NEXT, RESULT, r.length, COMMAND, CAPACITY).run(regs);
        };
    }

    /** Runs the loop until the deferred answer to the last request comes; returns it. */
    JsonNode answer() {
        List<JsonNode> lines = new ArrayList<>();
        k.runUntil(() -> {
            s.taken().stream().filter(l -> l.has("id")).forEach(lines::add);
            return !lines.isEmpty();
        }, 100);
        assertEquals(1, lines.size(), lines.toString());
        assertEquals(s.lastId(), lines.get(0).path("id").asLong());
        return lines.get(0);
    }

    @Test
    void aCommandIsDeliveredAndItsReportAnswersTheRequest() {
        k.platform.script(pid, report("{\"ret\":" + pid + "}"));
        assertEquals(List.of(), s.send("puppet", "\"pid\":" + pid + ",\"command\":\"getpid\""), "deferred");
        assertEquals(ProcessState.RUNNING, puppet().state(), "woken with the command");
        JsonNode a = answer();
        assertEquals(List.of("getpid"), commands);
        assertEquals(pid, a.path("result").path("pid").asInt());
        assertEquals(pid, a.path("result").path("result").path("ret").asInt());
        assertEquals(ProcessState.WAITS4REQUEST, puppet().state(), "waiting for the next");
    }

    @Test
    void aCommandGivenWhileThePuppetIsBusyIsQueued() {
        k.platform.script(pid, report("{\"ret\":1}"), report("{\"ret\":2}"));
        s.send("puppet", "\"pid\":" + pid + ",\"command\":\"one\"");
        JsonNode first = answer();
        assertEquals(1, first.path("result").path("result").path("ret").asInt());
        /* a second command while the puppet still runs (it has not called puppet_next yet): queued */
        k.platform.script(pid, report("{\"ret\":3}"));
        s.send("puppet", "\"pid\":" + pid + ",\"command\":\"two\"");
        assertEquals(2, answer().path("result").path("result").path("ret").asInt());
        assertEquals(List.of("one", "two"), commands);
    }

    @Test
    void aSecondCommandBeforeTheFirstIsAnsweredIsRefused() {
        s.send("puppet", "\"pid\":" + pid + ",\"command\":\"sleep 100\"");
        assertEquals("EBUSY", s.error("puppet", "\"pid\":" + pid + ",\"command\":\"getpid\""));
    }

    @Test
    void aCommandTheKernelCannotCopyForLackOfMemoryIsRefusedAndThePuppetKeepsWaiting() {
        /* the command buffer's page is untouched: copying the command needs a frame, and none is given */
        k.machine.faults.frameAllocation.configure(1_000_000, 1, -1, 0, null, Machine.FRAMES_ANY, 1);
        JsonNode refused = s.call("puppet", "\"pid\":" + pid + ",\"command\":\"getpid\"");
        assertEquals("ENOMEM", refused.path("error").path("code").asText(), refused.toString());
        assertTrue(refused.path("error").path("message").asText().contains("waits for its next command"));
        assertEquals(ProcessState.WAITS4REQUEST, puppet().state(), "still waiting, not woken with an error");
        k.turns(3);
        assertTrue(puppet().alive());
        k.machine.faults.clear();
        k.platform.script(pid, report("{\"ret\":0}"));
        s.send("puppet", "\"pid\":" + pid + ",\"command\":\"getpid\"");
        assertEquals(0, answer().path("result").path("result").path("ret").asInt());
        assertEquals(List.of("getpid"), commands, "the next command was delivered");
    }

    @Test
    void aBufferThePuppetCannotUseIsAFaultOfItsOwn() {
        /* after its first command, the puppet waits with a buffer in the kernel's half */
        k.platform.script(pid, syscall(Syscall.PUPPET_NEXT, 0, 0, 0x1000, CAPACITY));
        s.send("puppet", "\"pid\":" + pid + ",\"command\":\"first\"");
        k.runUntil(() -> puppet().state() == ProcessState.WAITS4REQUEST, 20);
        JsonNode r = s.call("puppet", "\"pid\":" + pid + ",\"command\":\"second\"");
        assertEquals("EFAULT", r.path("error").path("code").asText(), r.toString());
        assertEquals(ProcessState.RUNNING, puppet().state(), "woken with the error, which is its own");
        assertEquals(-oolong.api.Errno.EFAULT, puppet().registers().returnValue());
    }

    @Test
    void aReportThatIsNotJsonIsAnswered() {
        k.platform.script(pid, report("not json"));
        s.send("puppet", "\"pid\":" + pid + ",\"command\":\"getpid\"");
        JsonNode a = answer();
        assertTrue(a.path("result").path("error").asText().contains("not a JSON object"), a.toString());
    }

    @Test
    void aPuppetThatDiesAnswersWithItsExit() {
        k.platform.script(pid, syscall(Syscall.EXIT, 9));
        s.send("puppet", "\"pid\":" + pid + ",\"command\":\"exit 9\"");
        JsonNode a = answer();
        assertTrue(a.path("result").path("exited").asBoolean(), a.toString());
        assertEquals(9, a.path("result").path("code").asLong());
    }

    @Test
    void badCommandsAndNonPuppetsAreRefused() {
        assertEquals("EINVAL", s.error("puppet", "\"pid\":1,\"command\":\"getpid\""), "init is not a puppet");
        assertEquals("EINVAL", s.error("puppet", "\"pid\":" + pid + ",\"command\":\"\""));
        assertEquals("EINVAL", s.error("puppet", "\"pid\":" + pid + ",\"command\":\"a\\nb\""));
        assertEquals("EINVAL", s.error("puppet", "\"pid\":" + pid + ",\"command\":\"" + "x".repeat(1025) + "\""));
        assertEquals("ENOPROC", s.error("puppet", "\"pid\":99,\"command\":\"getpid\""));
        /* a dead puppet its parent has not awaited yet (init awaits, so a child of the puppet) */
        int grandchild = s.result("spawn", "\"program\":\"puppet\",\"parent\":" + pid).path("pid").asInt();
        s.result("kill", "\"pid\":" + grandchild);
        assertEquals("ESTATE", s.error("puppet", "\"pid\":" + grandchild + ",\"command\":\"getpid\""));
    }

    @Test
    void theHostGoingAwayDropsItsPendingAnswers() {
        s.send("puppet", "\"pid\":" + pid + ",\"command\":\"getpid\"");
        s.agent.hostDisconnected();
        k.platform.script(pid, report("{\"ret\":1}"));
        k.turns(3);
        assertEquals(List.of(), s.taken(), "no answer reaches the next host");
        k.platform.script(pid, report("{\"ret\":2}"));
        s.send("puppet", "\"pid\":" + pid + ",\"command\":\"again\"");
        assertEquals(2, answer().path("result").path("result").path("ret").asInt());
    }

    @Test
    void badPuppetNextArgumentsAreEinval() {
        SimulatedKernel kk = new SimulatedKernel();
        List<Long> r = new ArrayList<>();
        kk.platform.script(1, syscall(Syscall.PUPPET_NEXT, 0, -1, COMMAND, CAPACITY), regs -> {
            r.add(regs.returnValue());
            return syscall(Syscall.PUPPET_NEXT, 0, 0, COMMAND, 0).run(regs);
        }, regs -> {
            r.add(regs.returnValue());
            return syscall(Syscall.GETPID).run(regs);
        });
        kk.turns(1);
        assertEquals(List.of((long) -oolong.api.Errno.EINVAL, (long) -oolong.api.Errno.EINVAL), r);
    }
}
