package oolong.kernel.agent;

import oolong.api.probe.FixedMaps;
import oolong.api.probe.Hooks;
import oolong.api.sched.vm.ExtensionKind;
import oolong.api.sched.vm.PolicyRejected;
import oolong.kernel.core.Machine;
import oolong.kernel.probe.Extension;
import oolong.kernel.probe.Extensions;

/**
 * The agent's probe operation: attach a probe or a patch (a class file the kernel verifies itself)
 * at a hook, detach it, list what is attached with its cost, read its maps, and list the hooks
 * (docs/probes.md, docs/agent-protocol.md).
 */
public final class ProbeOperations {
    /** Map entries per answer: a large map is read in pages ("from", "next"). */
    static final int PAGE = 1024;

    private ProbeOperations() {
    }

    public static void register(Agent agent, Machine machine) {
        Extensions x = machine.extensions;
        agent.register("probe", (req, out) -> {
            String action = req.string("action", "list");
            switch (action) {
                case "attach" -> {
                    ExtensionKind kind = ExtensionKind.named(req.string("kind", "probe"));
                    if (kind == null || kind == ExtensionKind.POLICY) {
                        throw new AgentError("EINVAL", "kind must be probe or patch");
                    }
                    byte[] cls = SchedOperations.classBytes(req);
                    long budget = req.integer("budget", Extensions.DEFAULT_BUDGET);
                    int capacity = req.intInRange("capacity", 1, FixedMaps.MAX_CAPACITY, FixedMaps.DEFAULT_CAPACITY);
                    x.setCpuPercent(machine.scheduler.cpuPercent());
                    Extension e;
                    try {
                        e = x.attach(req.string("hook"), kind, cls, budget, capacity);
                    } catch (PolicyRejected r) {
                        throw new AgentError("EPOLICY", r.getMessage());
                    } catch (IllegalArgumentException r) {
                        throw new AgentError("EINVAL", r.getMessage());
                    }
                    describe(out, e);
                }
                case "detach" -> {
                    int id = req.intInRange("probe", 1, Integer.MAX_VALUE);
                    Extension e = x.byId(id);
                    if (e == null || !x.detach(id)) {
                        throw new AgentError("ENOENT", "no extension " + id + " is attached");
                    }
                    describe(out, e);
                }
                case "list" -> {
                    out.beginObject().field("cpu_share_percent", x.cpuSharePercent()).field("nested", x.nested())
                            .name("attached").beginArray();
                    for (Extension e : x.attached()) {
                        if (e != null) {
                            describe(out, e);
                        }
                    }
                    out.endArray().name("detached").beginArray();
                    for (Extension e : x.recentlyDetached()) {
                        if (e != null) {
                            describe(out, e);
                        }
                    }
                    out.endArray().endObject();
                }
                case "map" -> map(out, x, req);
                case "put" -> {
                    Extension e = attachedExtension(x, req);
                    int map = req.intInRange("map", 0, FixedMaps.COUNT - 1, 0);
                    long key = req.integer("key");
                    e.maps.put(map, key, req.integer("value"));
                    out.beginObject().field("id", e.id).field("map", map).field("size", e.maps.size(map))
                            .field("drops", e.maps.drops(map)).endObject();
                }
                case "hooks" -> {
                    out.beginObject().name("hooks").beginArray();
                    for (int h = 0; h < Hooks.COUNT; h++) {
                        out.beginObject().field("name", Hooks.name(h)).field("args", Hooks.args(h))
                                .field("patchable", Hooks.patchable(h)).field("attached", x.attachedAt(h));
                        if (Hooks.patchable(h)) {
                            out.field("legal", Hooks.legalValues(h));
                        }
                        out.endObject();
                    }
                    out.endArray().endObject();
                }
                default -> throw new AgentError("EINVAL", "probe action must be attach, detach, list, map, put or hooks");
            }
        });
    }

    /** One page of map `map` of extension `id`, from table slot `from`; "next" is -1 after the last page. */
    private static void map(JsonWriter out, Extensions x, Request req) throws AgentError {
        Extension e = attachedExtension(x, req);
        int id = e.id;
        FixedMaps m = e.maps;
        int map = req.intInRange("map", 0, FixedMaps.COUNT - 1, 0);
        int slot = req.intInRange("from", 0, m.slots(), 0);
        out.beginObject().field("id", id).field("map", map).field("size", m.size(map)).field("drops", m.drops(map))
                .field("capacity", m.capacity()).name("entries").beginArray();
        int n = 0;
        for (; slot < m.slots() && n < PAGE; slot++) {
            if (m.holds(map, slot)) {
                out.beginArray().value(m.keyAt(map, slot)).value(m.valueAt(map, slot)).endArray();
                n++;
            }
        }
        out.endArray().field("next", slot < m.slots() ? slot : -1).endObject();
    }

    private static Extension attachedExtension(Extensions x, Request req) throws AgentError {
        int id = req.intInRange("probe", 1, Integer.MAX_VALUE);
        Extension e = x.byId(id);
        if (e == null) {
            throw new AgentError("ENOENT", "no extension " + id + " is attached");
        }
        return e;
    }

    private static void describe(JsonWriter out, Extension e) {
        out.beginObject().field("id", e.id).field("name", e.name).field("class", e.className).field("hook", e.hookName())
                .field("kind", e.kind.noun).field("hits", e.hits()).field("nanos", e.nanos())
                .field("instructions", e.instructions()).field("budget", e.budget()).field("capacity", e.maps.capacity())
                .name("drops").beginArray();
        for (int i = 0; i < FixedMaps.COUNT; i++) {
            out.value(e.maps.drops(i));
        }
        out.endArray().field("compiled", e.compiled()).field("compile_ns", e.compileNanos())
                .field("code_bytes", e.codeBytes()).field("jit_note", e.jitNote());
        if (!e.attached()) {
            out.field("reason", e.detachReason());
        }
        out.endObject();
    }
}
