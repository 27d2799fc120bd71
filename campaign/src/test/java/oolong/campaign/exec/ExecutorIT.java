package oolong.campaign.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import oolong.campaign.model.Result;
import oolong.campaign.prog.FaultSetting;
import oolong.campaign.prog.HandleRef;
import oolong.campaign.prog.Program;
import oolong.campaign.prog.Step;
import oolong.api.Syscall;
import oolong.qmp.GdbStub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The executor on the real kernel: answers as the seed says, and the machine-level detectors. */
class ExecutorIT {
    static final Path IMAGES = Path.of(System.getProperty("oolong.images", "boot/target/images"));

    /** A program with a blocked read, then the write that ends it (the step {@link #dyingMachine} kills QEMU at). */
    static final Program READ_THEN_WRITE = new Program(List.of(
            new Step.Pipe("p0", "h1"),
            new Step.Fork("p0", 0, "p1"),
            new Step.Read("p1", HandleRef.pipeEnd("h1", 0), 3),
            new Step.Write("p0", HandleRef.pipeEnd("h1", 1), "abcdef"),
            new Step.Await("p1")));

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void aMachineThatDiesIsReportedAndReplacedWithoutHangingAndNothingIsLeftBehind() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        Set<Long> qemus = new HashSet<>();
        try (Vm vm = new Vm(Images.in(IMAGES, false), "", 256, List.of())) {
            Executor x = new Executor(vm);
            /* QEMU killed (SIGKILL: the OOM killer, a host that ends it) in the middle of a program,
               just before the step that writes to the pipe a puppet is blocked reading */
            vm.ensureBooted();
            long qemu = vm.session().vm().pid();
            qemus.add(qemu);
            vm.session().observeRequests((op, args) -> {
                if (op.equals("puppet") && String.valueOf(args.get("command")).startsWith("write") && qemus.size() == 1) {
                    kill(qemu);
                }
            });
            long t0 = System.nanoTime();
            Run r = x.run(READ_THEN_WRITE);
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertTrue(seconds < 120, "the run ended " + seconds + " s after the machine died (no step waited forever)");
            assertTrue(r.finding() != null, r.toString());
            assertEquals(Detector.PANIC, r.finding().detector(), r.toString());
            assertTrue(r.finding().message().contains("the machine stopped"), r.finding().message());
            assertEquals(4, r.executed().size(), "the step it died in belongs to the reproducer: " + r.executed());
            assertEquals(2, vm.boots(), "a fresh machine replaced it");
            assertFalse(ProcessHandle.of(qemu).map(ProcessHandle::isAlive).orElse(false), "the dead QEMU is gone");
            qemus.add(vm.session().vm().pid());
            assertTrue(x.run(READ_THEN_WRITE).clean(), "the next program runs on the new machine");

            /* and between two programs, while the machine is idle */
            long idle = vm.session().vm().pid();
            kill(idle);
            Run next = x.run(READ_THEN_WRITE);
            assertTrue(next.finding() != null && next.finding().detector() == Detector.PANIC, next.toString());
            assertEquals(3, vm.boots());
            qemus.add(vm.session().vm().pid());
            assertTrue(x.run(READ_THEN_WRITE).clean());
        }
        /* closed: no QEMU of ours, and none of the threads the machines had (agent, QMP, watch, capture) */
        long deadline = System.nanoTime() + 20_000_000_000L;
        List<String> left;
        do {
            Thread.sleep(200);
            List<String> now = new ArrayList<>();
            left = now;
            for (long pid : qemus) {
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    now.add("QEMU " + pid);
                }
            }
            ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                    .forEach(h -> now.add("child " + h.pid() + " " + h.info().command().orElse("?")));
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.isAlive() && !before.contains(t) && !jdkPool(t.getName())) {
                    now.add("thread " + t.getName());
                }
            }
        } while (!left.isEmpty() && System.nanoTime() < deadline);
        assertEquals(List.of(), left, "left behind after close");
    }

    /** The JDK's shared pools, which idle out on their own and belong to no machine. */
    private static boolean jdkPool(String name) {
        return name.equals("process reaper") || name.startsWith("ForkJoinPool.commonPool")
                || name.equals("CompletableFutureDelayScheduler") || name.equals("Attach Listener");
    }

    private static void kill(long pid) {
        ProcessHandle.of(pid).ifPresent(h -> {
            h.destroyForcibly();
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("QEMU " + pid + " did not die", e);
            }
        });
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aCpuExceptionInTheKernelIsReportedAsOneWithItsReportAndTheMachineIsReplaced() throws Exception {
        try (Vm vm = new Vm(Images.in(IMAGES, false), "", 256, List.of())) {
            vm.ensureBooted();
            /* the kernel's instruction pointer sent to page 0 (unmapped) through QEMU's gdbstub: the
               next instruction the kernel runs faults, in the kernel, while the machine is up */
            int port = GdbStub.start(vm.session().vm());
            try (Socket gdb = new Socket(InetAddress.getLoopbackAddress(), port)) {
                gdb.setSoTimeout(30_000);
                /* QEMU stops the guest when gdb connects (and may say so with a stop packet); it takes
                   a register write only once the target description has been read, as gdb does */
                rsp(gdb, "qXfer:features:read:target.xml:0,ffb");
                assertEquals("OK", rsp(gdb, "P10=1000000000000000"), "rip (register 16) := 0x10");
                send(gdb, "c");
                long deadline = System.nanoTime() + 60_000_000_000L;
                while (!vm.session().vm().serialOutput().contains("*** end of report") && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
            }
            Run r = new Executor(vm).run(new Program(List.of(new Step.Fork("p0", 0, "p1"))));
            assertTrue(r.finding() != null, r.toString());
            assertEquals(Detector.CPU_EXCEPTION, r.finding().detector(), r.toString());
            assertTrue(r.finding().message().contains("CPU EXCEPTION in kernel: vector 14 (#PF page fault)"),
                    r.finding().message());
            assertEquals(2, vm.boots(), "rebooted after the finding");
            assertTrue(new Executor(vm).run(new Program(List.of(new Step.Fork("p0", 0, "p1")))).clean());
        }
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void aKernelThatStopsAnsweringIsReportedAsAHangAndTheMachineIsReplaced() throws Exception {
        try (Vm vm = new Vm(Images.in(IMAGES, false), "", 256, List.of())) {
            vm.ensureBooted();
            vm.kernel().faults().prepare("kernel-spin").on();     /* the kernel loops forever at its next tick */
            long t0 = System.nanoTime();
            Run r = new Executor(vm).run(READ_THEN_WRITE);
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertTrue(r.finding() != null, r.toString());
            assertEquals(Detector.HANG, r.finding().detector(), r.toString());
            assertTrue(r.finding().message().startsWith("the kernel does not answer a ping for a minute"),
                    r.finding().message());
            assertTrue(seconds < 180, "reported after " + seconds + " s: the call's 10 s, the ping's minute, a reboot");
            assertEquals(2, vm.boots(), "rebooted after the finding");
            assertTrue(new Executor(vm).run(READ_THEN_WRITE).clean());
        }
    }

    /** Sends a GDB remote-protocol packet and returns the stub's answer (stop packets, T.. and S.., skipped). */
    private static String rsp(Socket s, String body) throws IOException {
        send(s, body);
        InputStream in = s.getInputStream();
        while (true) {
            int c;
            do {
                c = in.read();          /* the '+' acknowledgement, then the answer's '$' */
            } while (c != '$' && c != -1);
            StringBuilder answer = new StringBuilder();
            while ((c = in.read()) != '#' && c != -1) {
                answer.append((char) c);
            }
            in.read();
            in.read();                  /* its checksum */
            s.getOutputStream().write('+');
            if (c == -1 || !(answer.length() > 0 && (answer.charAt(0) == 'T' || answer.charAt(0) == 'S'))) {
                return answer.toString();
            }
        }
    }

    private static void send(Socket s, String body) throws IOException {
        int sum = 0;
        for (char ch : body.toCharArray()) {
            sum += ch;
        }
        s.getOutputStream().write(String.format("$%s#%02x", body, sum & 0xff).getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aProgramsAnswersAreTheSeedsAndAnInjectedKillIsFollowed() throws Exception {
        Program p = new Program(List.of(
                new Step.Pipe("p0", "h1"),
                new Step.Fork("p0", 0, "p1"),
                new Step.Read("p1", HandleRef.pipeEnd("h1", 0), 3),
                new Step.Write("p0", HandleRef.pipeEnd("h1", 1), "abcdef"),
                new Step.SetFault(new FaultSetting("kill-at-syscall", List.of("p1"), null, 1.0, 1, 1, 0, Syscall.AWAIT, 1)),
                new Step.Await("p1"),
                new Step.Await("p0")));
        try (Vm vm = new Vm(Images.in(IMAGES, false), "", 256, List.of())) {
            Run r = new Executor(vm).run(p);
            assertTrue(r.clean(), r.finding() + " / " + r.harnessError());
            assertEquals(Result.Kind.BLOCKED, r.observed().get(2).self().kind());
            assertEquals(Result.returned(3), r.observed().get(3).self());
            assertEquals(Result.read(3, "abc"), r.observed().get(3).completed().get("p1"));
            assertEquals(Result.died(143), r.observed().get(5).self(), "killed at its await");
            assertEquals(Result.returned(143), r.observed().get(6).self(), "and its parent collects 143");
            assertNull(r.coverage(), "no coverage from the normal kernel");
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aKernelThatPanicsIsReportedWithItsReportAndTheMachineIsReplaced() throws Exception {
        try (Vm vm = new Vm(Images.in(IMAGES, false), "", 256, List.of())) {
            vm.ensureBooted();
            vm.kernel().puppet();
            try {
                vm.kernel().kill(1, 0, true);          /* the seed's panic: init killed while it has children */
            } catch (RuntimeException expected) {
                /* the answer never comes: the kernel panicked */
            }
            Run r = new Executor(vm).run(new Program(List.of(new Step.Fork("p0", 0, "p1"))));
            assertEquals(Detector.PANIC, r.finding().detector(), r.toString());
            assertTrue(r.finding().message().contains("init killed prematurely"), r.finding().message());
            assertEquals(2, vm.boots(), "rebooted after the finding");
            assertTrue(new Executor(vm).run(new Program(List.of(new Step.Fork("p0", 0, "p1")))).clean());
        }
    }
}
