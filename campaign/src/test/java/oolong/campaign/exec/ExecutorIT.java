package oolong.campaign.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import oolong.campaign.model.Result;
import oolong.campaign.prog.FaultSetting;
import oolong.campaign.prog.HandleRef;
import oolong.campaign.prog.Program;
import oolong.campaign.prog.Step;
import oolong.api.Syscall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The executor on the real kernel: answers as the seed says, and the machine-level detectors. */
class ExecutorIT {
    static final Path IMAGES = Path.of(System.getProperty("oolong.images", "boot/target/images"));

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
