package oolong.repl.api;

import com.fasterxml.jackson.databind.node.NullNode;
import java.util.ArrayList;
import java.util.List;
import oolong.introspect.kernel.Backtrace;
import oolong.introspect.kernel.HandleRecord;
import oolong.introspect.kernel.HandleWalker;
import oolong.introspect.kernel.HeapStats;
import oolong.introspect.kernel.HeapWalker;
import oolong.introspect.kernel.MappingRecord;
import oolong.introspect.kernel.PageWalker;
import oolong.introspect.kernel.ProcessRecord;
import oolong.introspect.kernel.ProcessWalker;
import oolong.introspect.kernel.StackUnwinder;
import oolong.introspect.program.JavaObject;
import oolong.introspect.program.Program;
import oolong.repl.introspect.Target;

/**
 * The kernel read from memory, without the agent ({@code vm.core()}; docs/introspection.md): the
 * same process tree, handle tables and page maps as {@code k}, and typed objects, heap statistics
 * and stacks, on a running, paused, hung or panicked kernel, or on a dump. Each call is one
 * consistent look (a running machine is paused while it reads, then resumed); objects returned
 * by {@link #proc} and {@link #object} read their fields when asked. The records' {@code json()} is
 * JSON null here: nothing came from the agent.
 */
public final class Core {
    private final Target target;

    Core(Target target) {
        this.target = target;
    }

    /** The process tree, as k.ps() gives it (compare with sameAs). */
    public ProcessTree ps() {
        List<ProcessRecord> records = target.look(p -> new ProcessWalker(p).ps());
        List<ProcessInfo> list = new ArrayList<>();
        for (ProcessRecord r : records) {
            list.add(new ProcessInfo(r.pid(), r.ppid(), r.cid(), r.depth(), r.program(), r.state(), r.code(), r.noreap(),
                    r.handles(), r.pages(), r.cpuMicros(), NullNode.instance));
        }
        return new ProcessTree(list, NullNode.instance);
    }

    /** A process's kernel object (oolong.kernel.proc.Process), with its fields and references to follow. */
    public JavaObject proc(int pid) {
        long address = target.look(p -> new ProcessWalker(p).find(pid).address());
        return target.browser().object(address);
    }

    /** A process's handle table, as k.handles(pid) gives it. */
    public HandleTable handles(int pid) {
        HandleRecord r = target.look(p -> new HandleWalker(p).handles(pid));
        List<HandleTable.Handle> slots = new ArrayList<>();
        for (HandleRecord.Slot s : r.slots()) {
            slots.add(new HandleTable.Handle(s.slot(), s.type(), s.end(), s.refcount(), s.readable(), s.writable(),
                    s.peerOpen(), s.blocked()));
        }
        return new HandleTable(r.pid(), r.shared(), r.sharers(), List.copyOf(slots), NullNode.instance);
    }

    /** A process's page mappings, as k.pages(pid) gives them. */
    public PageMap pages(int pid) {
        PageWalker.Pages r = target.look(p -> new PageWalker(p).pages(pid));
        List<PageMap.Mapping> list = new ArrayList<>();
        for (MappingRecord m : r.mappings()) {
            list.add(new PageMap.Mapping(m.virtualStart(), m.pages(), m.physicalStart(), m.flags(), m.shared()));
        }
        return new PageMap(r.pid(), r.cr3(), List.copyOf(list), NullNode.instance);
    }

    /** The Java object at a kernel address, typed by its header. */
    public JavaObject object(long address) {
        return target.browser().object(address);
    }

    /** The kernel's Java heap: objects and bytes per class, free space, GC counters. */
    public HeapStats heap() {
        return target.look(p -> new HeapWalker(p).heap());
    }

    /** The kernel's stack from CPU 0's registers (the same as vm.backtrace()). */
    public Backtrace backtrace() {
        return target.look(p -> new StackUnwinder(p).kernel());
    }

    /** A process's user stack from its saved registers, with the user image's Java names. */
    public Backtrace stack(int pid) {
        return target.look(p -> new StackUnwinder(p).user(pid));
    }

    /** The program underneath (memory, symbols, layouts) for reading anything else: program().staticObject(...). */
    public Program program() {
        return target.browser();
    }

    @Override
    public String toString() {
        return "the kernel's memory (" + target.describe() + "): ps(), proc(pid), handles(pid), pages(pid), object(address),"
                + " heap(), backtrace(), stack(pid)";
    }
}
