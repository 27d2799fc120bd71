package oolong.kernel.agent;

import java.util.List;
import java.util.Map;
import oolong.api.ExitCodes;
import oolong.kernel.core.Machine;
import oolong.kernel.handle.Handle;
import oolong.kernel.handle.HandleTable;
import oolong.kernel.handle.HandleType;
import oolong.kernel.handle.Pipe;
import oolong.kernel.mem.Mapping;
import oolong.kernel.mem.Region;
import oolong.kernel.mem.UserAddressSpace;
import oolong.kernel.platform.RuntimeCounters;
import oolong.kernel.proc.Invariants;
import oolong.kernel.proc.Process;
import oolong.kernel.proc.ProcessState;
import oolong.kernel.proc.Processes;

/**
 * The agent's operations on processes: ps, proc, kill, filicide, handles, pages, spawn, check,
 * puppet. Forced kills go through the same model functions as the system calls, so the seed's
 * semantics hold (a killed parent's children live on, reaping cascades, killing init early panics).
 */
public final class ProcessOperations {
    private ProcessOperations() {
    }

    public static void register(Agent agent, Machine machine) {
        Processes model = machine.processes;
        PsRows rows = new PsRows(machine.timeline);
        agent.register("ps", (req, out) -> {
            String format = req.string("format", "objects");
            long since = req.integer("since", 0);
            if (since < 0) {
                throw new AgentError("EINVAL", "since must be a generation from an earlier ps (>= 0), not " + since);
            }
            if (format.equals("rows")) {
                String profile = req.string("profile", "");
                if (!profile.isEmpty()) {
                    PsProfile.run(profile, out, model, rows);
                    return;
                }
                rows.write(out, model, since);
                return;
            }
            if (!format.equals("objects")) {
                throw new AgentError("EINVAL", "format must be \"objects\" or \"rows\"");
            }
            if (req.has("since")) {
                throw new AgentError("EINVAL", "since needs \"format\":\"rows\"");
            }
            out.beginObject().name("processes").beginArray();
            for (Process p = model.init(); p != null; p = Processes.next(p, null)) {
                summary(out, p);
            }
            out.endArray().endObject();
        });
        agent.register("proc", (req, out) -> detail(out, machine, process(req, model)));
        agent.register("kill", (req, out) -> {
            Process p = process(req, model);
            if (!p.alive()) {
                throw new AgentError("ESTATE", "process " + p.pid() + " is already dead (" + p.state() + ")");
            }
            long code = req.integer("code", ExitCodes.KILLED);
            if (p == model.init() && p.firstChild() != null && !req.bool("force", false)) {
                throw new AgentError("ESTATE", "killing init while it has children panics the kernel; "
                        + "pass force=true to do it anyway");
            }
            model.kill(p, code);
            summary(out, p);
        });
        agent.register("filicide", (req, out) -> {
            Process p = process(req, model);
            java.util.List<Integer> before = new java.util.ArrayList<>();
            for (Process d = Processes.next(p, p); d != null; d = Processes.next(d, p)) {
                if (d.alive()) {
                    before.add(d.pid());
                }
            }
            model.filicide(p, req.integer("code", ExitCodes.KILLED));
            out.beginObject().name("killed").beginArray();
            for (int pid : before) {
                out.value(pid);
            }
            out.endArray().endObject();
        });
        agent.register("handles", (req, out) -> handles(out, process(req, model)));
        agent.register("pages", (req, out) -> pages(out, process(req, model)));
        agent.register("spawn", (req, out) -> {
            String program = req.string("program");
            String[] args = req.strings("args", 62);
            Process parent = req.has("parent") ? process(req, model, "parent") : model.init();
            if (!parent.alive()) {
                throw new AgentError("ESTATE", "process " + parent.pid() + " is dead and cannot have children");
            }
            String[] argv = new String[args.length + 1];
            argv[0] = program;
            System.arraycopy(args, 0, argv, 1, args.length);
            Processes.Result spawned = machine.spawn(parent, argv);
            if (!spawned.ok()) {
                if (spawned.error == -oolong.api.Errno.ENOENT) {
                    throw new AgentError("ENOENT", "no program '" + program + "' in the user image; programs: "
                            + String.join(", ", oolong.api.Programs.NAMES));
                }
                throw new AgentError(spawned.error == -oolong.api.Errno.ENOMEM ? "ENOMEM" : "EINVAL",
                        "cannot start " + program + ": " + oolong.api.Errno.name(spawned.error));
            }
            out.beginObject().field("pid", spawned.process.pid()).endObject();
        });
        agent.register("check", (req, out) -> {
            List<String> violations = new java.util.ArrayList<>(Invariants.check(model));
            RuntimeCounters counters = machine.platform.counters();
            int tls = counters.threadPointerCheck();
            if (tls != 0) {
                violations.add("the kernel's thread pointer is not its own (FS base 0x" + Long.toHexString(counters.fsBase())
                        + ", the kernel's 0x" + Long.toHexString(counters.kernelThreadPointer()) + (((tls & 2) != 0)
                        ? "; errno has moved" : "") + "): the C library's thread-local state would land in a process's memory");
            }
            out.beginObject().field("ok", violations.isEmpty()).field("kernel_thread_pointer_ok", tls == 0)
                    .name("violations").beginArray();
            for (String v : violations) {
                out.value(v);
            }
            out.endArray().name("counters").beginObject();
            for (Map.Entry<String, Long> e : new java.util.TreeMap<>(Invariants.counters(model)).entrySet()) {
                out.field(e.getKey(), e.getValue());
            }
            out.field("frames_free", machine.memory.frames().freeFrames());
            out.field("frames_used", machine.memory.frames().usedFrames());
            out.field("page_table_frames", machine.memory.pageTableFrames());
            out.field("address_spaces_mm", machine.memory.addressSpaces());
            out.endObject().endObject();
        });
        agent.register("hold", (req, out) -> {
            Process p = process(req, model);
            if (!p.alive()) {
                throw new AgentError("ESTATE", "process " + p.pid() + " is " + p.state() + " and has no address space");
            }
            long ms = req.integer("timeout_ms", 5000);
            if (ms < 1 || ms > 60_000) {
                throw new AgentError("EINVAL", "timeout_ms must be 1..60000");
            }
            machine.hold(p, ms * 1_000_000);
            out.beginObject().field("pid", p.pid()).field("cr3", ((UserAddressSpace) p.addressSpace()).pml4()).endObject();
        });
        agent.register("release", (req, out) -> {
            machine.release();
            out.beginObject().field("released", true).endObject();
        });
        agent.register("puppet", (req, out) -> {
            Process p = process(req, model);
            String command = req.string("command");
            try {
                machine.puppets.command(p, command, req.defer());
            } catch (oolong.kernel.core.Puppets.Refused e) {
                throw new AgentError(e.code, e.getMessage());
            }
        });
    }

    static Process process(Request req, Processes model) throws AgentError {
        return process(req, model, "pid");
    }

    static Process process(Request req, Processes model, String field) throws AgentError {
        int pid = req.intInRange(field, 1, Integer.MAX_VALUE);
        Process p = model.byPid(pid);
        if (p == null || p.state() == ProcessState.FORGOTTEN || p.state() == ProcessState.FREED) {
            throw new AgentError("ENOPROC", "no process " + pid);
        }
        return p;
    }

    public static void summary(JsonWriter out, Process p) {
        out.beginObject();
        out.field("pid", p.pid());
        out.field("ppid", p.parent() == null ? 0 : p.parent().pid());
        out.field("cid", p.cid());
        out.field("depth", p.depth());
        out.field("program", p.program() == null ? "" : p.program());
        out.field("state", p.state().name());
        out.name("code");
        if (p.alive()) {
            out.nullValue();
        } else {
            out.value(p.exitCode());
        }
        out.field("noreap", p.noreap());
        out.field("handles", p.handleTable() == null ? 0 : p.handleTable().count());
        out.field("pages", p.addressSpace() instanceof UserAddressSpace ? ((UserAddressSpace) p.addressSpace()).residentPages() : 0);
        out.field("cpu_us", p.sched.cpuNanos / 1000);
        out.field("nice", p.sched.nice);
        out.field("weight", p.sched.weight);
        out.endObject();
    }

    private static void detail(JsonWriter out, Machine machine, Process p) {
        out.beginObject();
        out.field("pid", p.pid());
        out.field("ppid", p.parent() == null ? 0 : p.parent().pid());
        out.field("cid", p.cid());
        out.field("depth", p.depth());
        out.field("program", p.program() == null ? "" : p.program());
        out.field("state", p.state().name());
        out.field("alive", p.alive());
        out.name("code");
        if (p.alive()) {
            out.nullValue();
        } else {
            out.value(p.exitCode());
        }
        out.field("noreap", p.noreap());
        out.name("children").beginArray();
        for (Process c = p.firstChild(); c != null; c = c.sibling()) {
            out.value(c.pid());
        }
        out.endArray();
        out.field("shares_memory", p.sharesMemory());
        out.field("shares_handles", p.handleTable() != null && p.handleTable().sharers() > 1);
        out.field("intr_handler", p.intrHandler());
        out.name("wait");
        switch (p.state()) {
            case WAITS4PIPE -> out.beginObject().field("kind", "pipe").field("pipe", p.waitPipe() == null ? 0
                    : p.waitPipe().id()).endObject();
            case WAITS4TIMER -> out.beginObject().field("kind", "timer").field("wake_at_ns", p.wakeAt()).endObject();
            case WAITS4CHILDDEATH -> out.beginObject().field("kind", "child").endObject();
            case WAITS4REQUEST -> out.beginObject().field("kind", "request").endObject();
            default -> out.nullValue();
        }
        if (p.registers() != null && p.alive()) {
            out.field("rip", p.registers().instructionPointer());
            out.field("rsp", p.registers().stackPointer());
        }
        out.field("cpu_us", p.sched.cpuNanos / 1000);
        out.field("runs", p.sched.runs);
        out.field("nice", p.sched.nice);
        out.field("weight", p.sched.weight);
        out.endObject();
    }

    private static void handles(JsonWriter out, Process p) throws AgentError {
        HandleTable t = p.handleTable();
        if (t == null) {
            throw new AgentError("ESTATE", "process " + p.pid() + " is " + p.state() + " and has no handle table");
        }
        out.beginObject().field("pid", p.pid()).field("shared", t.sharers() > 1).field("sharers", t.sharers());
        out.name("slots").beginArray();
        for (int i = 0; i < HandleTable.SIZE; i++) {
            Handle h = t.slot(i);
            if (h == null) {
                continue;
            }
            out.beginObject().field("slot", i).field("type", h.type == HandleType.PIPE ? "pipe" : "fs");
            out.field("end", h.type == HandleType.PIPE ? (h.readEnd ? "read" : "write") : h.label);
            out.field("refcount", h.refcount()).field("readable", h.readable).field("writable", h.writable);
            if (h.type == HandleType.PIPE) {
                Pipe pipe = h.pipe;
                out.field("pipe", pipe.id());
                out.field("peer_open", h.readEnd ? pipe.writeEndOpen() : pipe.readEndOpen());
                out.name("blocked").beginArray();
                for (Process q = (Process) pipe.queueHead; q != null; q = q.nextWaiter()) {
                    out.value(q.pid());
                }
                out.endArray();
            }
            out.endObject();
        }
        out.endArray().endObject();
    }

    private static void pages(JsonWriter out, Process p) throws AgentError {
        if (!(p.addressSpace() instanceof UserAddressSpace)) {
            throw new AgentError("ESTATE", "process " + p.pid() + " is " + p.state() + " and has no address space");
        }
        UserAddressSpace s = (UserAddressSpace) p.addressSpace();
        out.beginObject().field("pid", p.pid()).field("cr3", s.pml4());
        out.name("mappings").beginArray();
        for (Mapping m : s.mappings()) {
            String flags = "r" + (m.writable() ? "w" : "-") + (m.executable() ? "x" : "-") + "u"
                    + (m.copyOnWrite() ? "c" : "-");
            out.beginObject().field("va", m.virtualStart()).field("pages", m.pages()).field("pa", m.physicalStart())
                    .field("flags", flags).field("shared", m.shared()).endObject();
        }
        out.endArray().name("regions").beginArray();
        for (Region r : s.regions()) {
            out.beginObject().field("start", r.start).field("end", r.end).field("prot", Region.protString(r.prot))
                    .field("kind", r.kind.name()).endObject();
        }
        out.endArray().endObject();
    }
}
