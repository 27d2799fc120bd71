package oolong.kernel.proc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import oolong.kernel.handle.Handle;
import oolong.kernel.handle.HandleTable;
import oolong.kernel.handle.HandleType;
import oolong.kernel.handle.Handles;
import oolong.kernel.handle.Pipe;
import oolong.kernel.mem.AddressSpace;

/**
 * The process model's self-check: walks the live structures and reports every broken invariant
 * as a sentence. It only reads, so the agent and fault-injection sessions can call it at any time.
 *
 * Checked: tree links (parent/child/sibling agree, no cycles, cids unique among siblings); every
 * process the kernel knows is reachable from init unless FORGOTTEN; nothing FORGOTTEN or FREED is
 * reachable; dead processes hold no handles or memory; each wait is where its state says (pipe
 * queue, timer queue) and nothing else is queued; refcounts (handle tables, address spaces,
 * handles) equal the references actually held; and the counters of live processes, open handles,
 * pipes, tables and address spaces equal what is reachable.
 */
public final class Invariants {
    private Invariants() {
    }

    public static List<String> check(Processes model) {
        List<String> v = new ArrayList<>();
        Process init = model.init();
        if (init == null) {
            return v;
        }
        Map<Process, Boolean> reachable = new IdentityHashMap<>();
        walk(init, null, reachable, v);

        Map<HandleTable, Integer> tableUsers = new IdentityHashMap<>();
        Map<AddressSpace, Integer> spaceUsers = new IdentityHashMap<>();
        Map<AddressSpace, SharedMemory> shareOf = new IdentityHashMap<>();
        Map<Handle, Integer> handleRefs = new IdentityHashMap<>();
        Set<Pipe> pipes = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        long alive = 0;
        long running = 0;
        for (Process p : reachable.keySet()) {
            if (p.state == ProcessState.FORGOTTEN || p.state == ProcessState.FREED) {
                v.add(p + " is " + p.state + " but still in the tree");
            }
            if (model.byPid(p.pid) != p) {
                v.add(p + " is in the tree but not in the pid map");
            }
            if (p.alive()) {
                alive++;
                running += p.state == ProcessState.RUNNING ? 1 : 0;
                if (p.handles == null || p.space == null || p.registers == null) {
                    v.add(p + " is alive but lacks " + (p.handles == null ? "a handle table" : p.space == null
                            ? "an address space" : "registers"));
                }
            } else if (p.state != ProcessState.DYING && (p.handles != null || p.space != null || p.memoryShare != null)) {
                v.add(p + " is dead but still holds " + (p.handles != null ? "a handle table" : "an address space"));
            }
            if (p.state == ProcessState.TOREAP && (p.parent == null || !p.parent.alive())) {
                v.add(p + " waits to be reaped by a parent that is not alive");
            }
            if (p.state == ProcessState.TOMBSTONE && p.child == null && p.parent != null) {
                v.add(p + " is a childless tombstone still in the tree");
            }
            if (p.handles != null) {
                tableUsers.merge(p.handles, 1, Integer::sum);
            }
            if (p.space != null) {
                spaceUsers.merge(p.space, 1, Integer::sum);
                if (p.memoryShare != null && p.memoryShare.space != p.space) {
                    v.add(p + " has the sharing count of another address space");
                }
                if (shareOf.containsKey(p.space) && shareOf.get(p.space) != p.memoryShare) {
                    v.add(p + " shares an address space but not its sharing count");
                }
                shareOf.put(p.space, p.memoryShare);
            }
            if (p.procfs != null) {
                handleRefs.merge(p.procfs, 1, Integer::sum);
            }
            checkWait(model, p, v);
        }
        PidIndex index = model.pidIndex();
        for (int slot = 0; slot < index.capacity(); slot++) {
            Process p = index.at(slot);
            if (p != null && !reachable.containsKey(p) && p.state != ProcessState.FORGOTTEN) {
                v.add(p + " is known to the kernel but not reachable from init");
            }
        }
        for (Map.Entry<HandleTable, Integer> e : tableUsers.entrySet()) {
            HandleTable t = e.getKey();
            if (t.freed()) {
                v.add("a process uses a freed handle table");
            }
            if (t.sharers() != e.getValue()) {
                v.add("a handle table says " + t.sharers() + " sharers but " + e.getValue() + " processes use it");
            }
            for (int i = 0; i < HandleTable.SIZE; i++) {
                Handle h = t.slot(i);
                if (h != null) {
                    handleRefs.merge(h, 1, Integer::sum);
                }
            }
        }
        for (Map.Entry<AddressSpace, Integer> e : spaceUsers.entrySet()) {
            SharedMemory share = shareOf.get(e.getKey());
            int says = share == null ? 1 : share.sharers;
            if (says != e.getValue()) {
                v.add("an address space says " + says + " sharers but " + e.getValue() + " processes use it");
            }
        }
        long openHandles = 0;
        for (Map.Entry<Handle, Integer> e : handleRefs.entrySet()) {
            Handle h = e.getKey();
            if (h == Handles.NULL_FS) {
                continue;
            }
            openHandles++;
            if (h.closed()) {
                v.add("a closed handle is still referenced: " + h);
            }
            if (h.refcount() != e.getValue()) {
                v.add(h + " has refcount " + h.refcount() + " but " + e.getValue() + " references");
            }
            if (h.type == HandleType.PIPE) {
                pipes.add(h.pipe);
            }
        }
        /* a pipe end nobody references any more must be closed: count ends of reachable pipes */
        long pipeEndsOpen = 0;
        for (Pipe pipe : pipes) {
            for (Handle end : new Handle[] {pipe.readEnd(), pipe.writeEnd()}) {
                if (!end.closed()) {
                    pipeEndsOpen++;
                    if (!handleRefs.containsKey(end)) {
                        v.add(end + " is open but nothing references it (leaked)");
                    }
                }
            }
        }
        if (running != model.runnableProcesses()) {
            v.add("runnable-process counter says " + model.runnableProcesses() + " but " + running + " are RUNNING");
        }
        if (alive != model.liveProcesses()) {
            v.add("live-process counter says " + model.liveProcesses() + " but " + alive + " are alive");
        }
        if (spaceUsers.size() != model.addressSpaces()) {
            v.add("address-space counter says " + model.addressSpaces() + " but " + spaceUsers.size() + " are in use");
        }
        if (tableUsers.size() != model.handles().tables()) {
            v.add("handle-table counter says " + model.handles().tables() + " but " + tableUsers.size() + " are in use");
        }
        if (openHandles != model.handles().openHandles()) {
            v.add("open-handle counter says " + model.handles().openHandles() + " but " + openHandles + " are referenced");
        }
        long openPipes = 0;
        for (Pipe pipe : pipes) {
            openPipes++;
        }
        if (openPipes != model.handles().openPipes()) {
            v.add("open-pipe counter says " + model.handles().openPipes() + " but " + openPipes + " pipes are referenced");
        }
        for (Process f = model.forgottenList(); f != null; f = f.sibling) {
            if (f.state != ProcessState.FORGOTTEN) {
                v.add(f + " is on the forgotten list");
            }
        }
        int sleeping = 0;
        if ((model.sleepers().first() == null) != (model.sleepers().last() == null)
                || (model.sleepers().first() != null && model.sleepers().first().prevSleeper != null)) {
            v.add("the timer queue's ends are wrong");
        }
        for (Process s = model.sleepers().first(); s != null; s = s.nextSleeper) {
            if (s.state != ProcessState.WAITS4TIMER) {
                v.add(s + " is in the timer queue");
            }
            if (s.nextSleeper != null && s.nextSleeper.wakeAt < s.wakeAt) {
                v.add("the timer queue is out of order at " + s);
            }
            if (s.nextSleeper == null ? model.sleepers().last() != s : s.nextSleeper.prevSleeper != s) {
                v.add("the timer queue's backward link is wrong at " + s);
            }
            if (++sleeping > model.pidIndex().size()) {
                v.add("the timer queue has a cycle");
                break;
            }
        }
        return v;
    }

    private static void walk(Process root, Process expectedParent, Map<Process, Boolean> seen, List<String> v) {
        /* iterative pre-order walk that checks links as it goes */
        Process p = root;
        int guard = 0;
        while (p != null) {
            if (seen.put(p, Boolean.TRUE) != null) {
                v.add("the tree has a cycle at " + p);
                return;
            }
            Set<Integer> cids = new HashSet<>();
            for (Process c = p.child; c != null; c = c.sibling) {
                if (c.parent != p) {
                    v.add(c + " is a child of " + p + " but names " + c.parent + " as parent");
                }
                if (!cids.add(c.cid)) {
                    v.add("two children of " + p + " share cid " + c.cid);
                }
                if (++guard > 10_000_000) {
                    v.add("the sibling lists do not end");
                    return;
                }
            }
            p = Processes.next(p, root);
        }
        if (root.parent != expectedParent) {
            v.add("init has a parent: " + root.parent);
        }
    }

    private static void checkWait(Processes model, Process p, List<String> v) {
        if (p.state == ProcessState.WAITS4PIPE) {
            if (p.waitPipe == null) {
                v.add(p + " waits on a pipe but names none");
            } else {
                boolean found = false;
                for (Process q = (Process) p.waitPipe.queueHead; q != null; q = q.nextInPipeQueue) {
                    found |= q == p;
                    if (q.state != ProcessState.WAITS4PIPE) {
                        v.add(q + " is in a pipe queue without waiting on a pipe");
                    }
                }
                if (!found) {
                    v.add(p + " waits on a pipe but is not in its queue");
                }
            }
        } else if (p.waitPipe != null) {
            v.add(p + " is not waiting on a pipe but names one");
        }
        if (p.state == ProcessState.WAITS4TIMER) {
            boolean found = false;
            for (Process s = model.sleepers().first(); s != null && !found; s = s.nextSleeper) {
                found = s == p;
            }
            if (!found) {
                v.add(p + " sleeps but is not in the timer queue");
            }
        }
    }

    /** Counters as the agent's check reports them. */
    public static Map<String, Long> counters(Processes model) {
        Map<String, Long> c = new HashMap<>();
        c.put("processes_live", model.liveProcesses());
        c.put("processes_known", (long) model.knownProcesses());
        c.put("processes_created", model.processesCreated());
        c.put("processes_freed", model.processesFreed());
        c.put("address_spaces", model.addressSpaces());
        c.put("handle_tables", model.handles().tables());
        c.put("handles_open", model.handles().openHandles());
        c.put("pipes_open", model.handles().openPipes());
        return c;
    }
}
