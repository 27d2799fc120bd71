package oolong.repl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import oolong.api.MemFlags;
import oolong.introspect.kernel.Backtrace;
import oolong.introspect.kernel.HeapStats;
import oolong.introspect.memory.MemoryAccessException;
import oolong.introspect.program.JavaObject;
import oolong.repl.session.Session;
import oolong.repl.api.PuppetReply;
import oolong.repl.api.Checks;
import oolong.repl.api.Kernel;
import oolong.repl.api.Machine;
import oolong.repl.api.ProcessInfo;
import oolong.repl.api.ProcessTree;
import oolong.repl.api.Puppet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The memory-level views (vm.core()) against the agent on a healthy kernel: the same tree, handle
 * tables and page maps, objects whose fields are the agent's values (the layouts agree with the
 * live kernel), symbols and stacks with Java names. One machine for the class.
 */
@Timeout(300)
class IntrospectionIT {
    static Session session;
    static Kernel k;
    static Machine vm;

    @BeforeAll
    static void boot() throws Exception {
        session = LiveKernel.boot();
        vm = new Machine(session);
        k = new Kernel(session::agent, vm, new Checks());     /* k.stack(pid) reads memory through vm */
    }

    @AfterAll
    static void shutDown() {
        session.close();
    }

    /** Spawns a tree and waits until its subtree has this many processes, none of them running (the states settle). */
    static int spawnSettled(int processes, String... args) throws InterruptedException {
        int root = k.spawn("tree", args);
        LiveKernel.until(k, () -> {
            ProcessTree t = k.ps();
            java.util.List<ProcessInfo> sub = t.stream().filter(p -> inSubtree(t, p, root)).toList();
            /* init too: with no children it naps for up to a second, then awaits the new ones */
            return sub.size() == processes && sub.stream().noneMatch(p -> p.state().equals("RUNNING"))
                    && t.pid(1).map(p -> p.state().equals("WAITS4CHILDDEATH")).orElse(false);
        }, processes + " settled processes under " + root + ", init awaiting them");
        return root;
    }

    static boolean inSubtree(ProcessTree t, ProcessInfo p, int root) {
        for (ProcessInfo q = p; q != null; q = t.pid(q.ppid()).orElse(null)) {
            if (q.pid() == root) {
                return true;
            }
            if (q.ppid() == q.pid() || q.ppid() == 0) {
                return false;
            }
        }
        return false;
    }

    static void removeTree(int root) throws InterruptedException {
        k.filicide(root);
        k.kill(root, 0);
        LiveKernel.until(k, () -> k.ps().size() == 1, "only init left");
    }

    @Test
    void theTreeReadFromMemoryIsTheAgentsTreeForTenProcesses() throws Exception {
        int root = spawnSettled(9, "1", "8");
        try {
            ProcessTree agent = k.ps();
            assertEquals(10, agent.size(), agent.toString());
            ProcessTree memory = vm.core().ps();
            assertTrue(agent.sameAs(memory), agent.differences(memory) + "\n" + agent + "\n" + memory);
            assertEquals(agent.stream().map(ProcessInfo::depth).toList(), memory.stream().map(ProcessInfo::depth).toList());
            vm.pause();
            try {
                assertTrue(agent.sameAs(vm.core().ps()), "a paused machine reads the same");
                assertEquals("paused", vm.status(), "and stays paused");
            } finally {
                vm.resume();
            }
        } finally {
            removeTree(root);
        }
    }

    @Test
    void theTreeReadFromMemoryIsTheAgentsTreeForAThousandProcesses() throws Exception {
        int root = spawnSettled(1023, "9", "2");
        try {
            ProcessTree agent = k.ps();
            assertEquals(1024, agent.size());
            ProcessTree memory = vm.core().ps();
            assertTrue(agent.sameAs(memory), String.join("\n", agent.differences(memory)));
        } finally {
            removeTree(root);
        }
    }

    @Test
    void handlesAndPagesOfPuppetsWithPipesAndMappedMemoryAreTheAgents() throws Exception {
        Puppet p = k.puppet();
        int[] ends = p.pipe();
        long base = p.memflag(0, 5 * 4096, MemFlags.FINDFREE | MemFlags.PRESENT);
        p.poke(base + 4096, 42);
        Puppet writer = p.fork();
        CompletableFuture<PuppetReply> write = writer.writeAsync(ends[1], "hello");
        LiveKernel.until(k, () -> !k.handles(p.pid()).slot(ends[0]).blocked().isEmpty(), "the writer waits on the pipe");
        for (int pid : new int[] {p.pid(), writer.pid()}) {
            assertEquals(k.handles(pid), vm.core().handles(pid), "handles of " + pid);
            assertEquals(k.pages(pid), vm.core().pages(pid), "pages of " + pid);
        }
        assertTrue(vm.core().handles(p.pid()).slot(ends[0]).blocked().contains(writer.pid()));
        assertEquals("hello", p.read(ends[0], 100));
        write.get(30, TimeUnit.SECONDS);
        assertEquals(k.handles(writer.pid()), vm.core().handles(writer.pid()), "after the transfer");
        writer.exit(0);
        p.await();
        p.exit(0);
    }

    @Test
    void objectsReadWithTheLayoutsHoldTheAgentsValues() throws Exception {
        int root = spawnSettled(3, "1", "2");
        try {
            objectsHoldTheAgentsValues();
        } finally {
            removeTree(root);
        }
    }

    private static void objectsHoldTheAgentsValues() {
        for (ProcessInfo info : k.ps()) {
            JavaObject p = vm.core().proc(info.pid());
            var agent = k.proc(info.pid());
            assertEquals("oolong.kernel.proc.Process", p.className());
            assertEquals(agent.path("pid").asInt(), p.getInt("pid"));
            assertEquals(agent.path("cid").asInt(), p.getInt("cid"));
            assertEquals(agent.path("program").asText(), p.getString("program"));
            assertEquals(agent.path("state").asText(), p.ref("state").enumName());
            assertEquals(agent.path("noreap").asBoolean(), p.getBoolean("noreap"));
            assertEquals(agent.path("ppid").asInt(), p.ref("parent") == null ? 0 : p.ref("parent").getInt("pid"));
            assertEquals(agent.path("runs").asLong(), p.ref("sched").getLong("runs"));
            /* the saved user registers, through struct user_context's layout */
            assertEquals(agent.path("rip").asLong(), vm.core().stack(info.pid()).frames().get(0).pc(), "rip of " + info.pid());
        }
        JavaObject machine = vm.core().program().staticObject("oolong.kernel.debug.DebugRoots", "machine");
        assertEquals("oolong.kernel.core.Machine", machine.className());
        JavaObject frames = machine.ref("memory").ref("frames");
        assertEquals(k.check().counters().get("frames_free"), frames.getLong("free"), "the frame allocator's free count");
        assertEquals(1, vm.core().object(machine.address()).ref("processes").ref("init").getInt("pid"));
    }

    @Test
    void symbolsNameJavaMethodsAndEveryPrintedCodeAddressHasOne() throws Exception {
        long kill = vm.core().program().address("meth_okp_Processes_kill");
        assertEquals("oolong.kernel.proc.Processes.kill(Process, long) + 0x1c", vm.symbol(kill + 0x1c).toString());
        String registers = vm.registers().toString();
        assertTrue(registers.contains("rip=" + String.format("%016x", vm.registers().raw().rip()).substring(0, 8))
                && registers.contains(" <"), registers);
        int root = spawnSettled(2, "1", "1");
        try {
            var proc = k.proc(root);
            assertTrue(proc.path("rip_symbol").asText().contains("+ 0x"), proc.toString());
        } finally {
            removeTree(root);
        }
    }

    @Test
    void userStacksHaveTheUserImagesJavaMethods() throws Exception {
        int root = spawnSettled(2, "1", "1");
        try {
            Backtrace stack = k.stack(root);
            assertTrue(stack.mentions("Tree.node") && stack.mentions("oolong.user.Main.run"), stack.toString());
        } finally {
            removeTree(root);
        }
    }

    @Test
    void theIdleKernelsBacktraceGoesThroughItsLoop() {
        Backtrace bt = vm.backtrace();
        assertTrue(bt.mentions("KernelLoop.run") && bt.mentions("Kernel.main"), bt.toString());
        vm.pause();
        try {
            Backtrace paused = vm.backtrace();
            assertTrue(paused.mentions("KernelLoop.run") && paused.mentions("Kernel.main"), paused.toString());
            assertEquals("paused", vm.status());
        } finally {
            vm.resume();
        }
    }

    @Test
    void theHeapWalkTilesTheHeapAndCountsTheProcesses() throws Exception {
        HeapStats heap = vm.core().heap();
        assertEquals(heap.heapBytes(), heap.usedBytes() + heap.freeBytes(), heap.toString());
        assertTrue(heap.of("oolong.kernel.proc.Process").count() >= k.ps().size(), heap.toString());
        assertTrue(heap.toString().contains("oolong.kernel.proc.Process"), heap.toString());
    }

    @Test
    void theKernelsNmiLineOnTheConsoleShowsItsSymbol() throws Exception {
        java.util.regex.Pattern nmi = java.util.regex.Pattern.compile(
                "\\*\\*\\* NMI (in the kernel at rip|while a user process ran \\(rip) 0x[0-9a-f]{16} <([^>]+ \\+ 0x[0-9a-f]+)>");
        long before = nmi.matcher(vm.console()).results().count();
        vm.nmi();
        LiveKernel.untilTrue(() -> nmi.matcher(vm.console()).results().count() > before,
                "the NMI's line on the console, its rip followed by a symbol");
        assertTrue(vm.console(3).contains("NMI"), vm.console(3));
        assertEquals("running", vm.status(), "the kernel carries on after an NMI");
    }

    @Test
    void theHeapReadFromMemoryAgreesWithTheKernelsOwnGcFigures() throws Exception {
        /* the agent's answer is one instant, each walk another: the kernel's figures lie between two walks */
        HeapStats first = vm.core().heap();
        oolong.repl.api.KernelStats stats = k.stats();
        HeapStats second = vm.core().heap();
        String all = first + "\n" + stats.heap() + " " + stats.gc() + "\n" + second;
        assertEquals(stats.heap().totalBytes(), first.heapBytes(), all);
        assertEquals(first.heapBytes(), second.heapBytes(), all);
        assertTrue(first.collections() <= stats.gc().collections() && stats.gc().collections() <= second.collections(), all);
        assertTrue(first.fullCollections() <= stats.gc().fullCollections()
                && stats.gc().fullCollections() <= second.fullCollections(), all);
        assertTrue(first.gcTotalNanos() <= stats.gc().totalNanos() && stats.gc().totalNanos() <= second.gcTotalNanos(), all);
        assertTrue(first.gcMaxPauseNanos() <= stats.gc().maxPauseNanos()
                && stats.gc().maxPauseNanos() <= second.gcMaxPauseNanos(), all);
        if (first.collections() == second.collections()) {
            /* no collection in between: memory only got used. The kernel's free count leaves out the free
               chunks too small for its allocator, so it is at most the walk's, and the walk's own free bytes fall */
            assertTrue(second.freeBytes() <= first.freeBytes(), all);
            assertTrue(stats.heap().freeBytes() <= first.freeBytes(), all);
            assertTrue(stats.heap().freeBytes() >= second.freeBytes() - first.heapBytes() / 16,
                    "the kernel's free bytes are the walk's, up to chunks too small to count\n" + all);
        }
    }

    @Test
    void aSpinningProcesssStacksNameItsJavaMethod() throws Exception {
        int spinner = k.spawn("spin", "0", "quiet");
        try {
            LiveKernel.until(k, () -> k.ps().pid(spinner).map(p -> p.cpuMicros() > 50_000).orElse(false), "the spinner has run");
            Backtrace saved = k.stack(spinner);
            assertTrue(saved.mentions("Spin.main"), saved.toString());
            /* caught in ring 3: the kernel's stack goes through its call into user mode, the user stack is the CPU's */
            boolean caught = false;
            for (int i = 0; i < 50 && !caught; i++) {
                vm.pause();
                try {
                    if (vm.registers().cpl() == 3) {
                        caught = true;
                        Backtrace kernel = vm.backtrace();
                        assertTrue(kernel.origin().contains("running a user process") && kernel.mentions("k_run_user"),
                                kernel.toString());
                        Backtrace running = vm.core().stack(spinner);
                        assertTrue(running.origin().contains("running on CPU 0") && running.mentions("Spin.main"),
                                running.toString());
                    }
                } finally {
                    vm.resume();
                }
            }
            assertTrue(caught, "the CPU was in ring 3 at one of 50 pauses while a process spun");
        } finally {
            k.kill(spinner, 9);
            LiveKernel.until(k, () -> k.ps().size() == 1, "only init left");
        }
    }

    @Test
    void badAddressesAndPidsGetClearErrors() {
        assertThrows(IllegalArgumentException.class, () -> vm.core().handles(99_999));
        assertThrows(MemoryAccessException.class, () -> vm.core().object(0x10));
        assertThrows(IllegalArgumentException.class, () -> vm.symbol(0x10));
        assertEquals("running", vm.status(), "the views leave a running machine running");
    }
}
