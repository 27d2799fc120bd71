package oolong.repl.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import oolong.api.probe.Hooks;
import oolong.api.sched.vm.ExtensionKind;
import oolong.api.sched.vm.PolicyRejected;
import oolong.api.sched.vm.PolicyVerifier;
import oolong.repl.snippet.ClassCapture;

/**
 * The REPL's side of probes and patches: checks a class on the host first (so a rejection names
 * the snippet's line), sends it to the kernel's {@code probe} operation, and reads what the kernel
 * keeps (hits, cost, maps). Messages from the kernel about a REPL class get the snippet's lines.
 */
final class Probes {
    private final Kernel k;

    Probes(Kernel k) {
        this.k = k;
    }

    ProbeHandle attach(String hook, Class<?> cls, ExtensionKind kind) {
        if (hook == null || Hooks.id(hook) < 0) {
            throw new IllegalArgumentException("no hook '" + hook + "'; hooks: " + String.join(", ", hookNames()));
        }
        if (cls == null) {
            throw new IllegalArgumentException("no class given");
        }
        int h = Hooks.id(hook);
        if (kind == ExtensionKind.PATCH && !Hooks.patchable(h)) {
            throw new IllegalArgumentException(hook + " cannot be patched, only probed (patchable: syscall:enter, "
                    + "syscall:exit, mem:frame-alloc)");
        }
        byte[] bytes = Sched.classFile(cls);
        String binaryName = cls.getName();
        try {
            PolicyVerifier.verify(bytes, kind);
        } catch (PolicyRejected e) {
            throw new IllegalArgumentException(kind.noun + " rejected: " + ClassCapture.explain(binaryName, e.getMessage()));
        }
        k.sentClasses().sent(binaryName);
        JsonNode r = k.call("probe", "action", "attach", "hook", hook, "kind", kind.noun, "class",
                Base64.getEncoder().encodeToString(bytes));
        return new ProbeHandle(this, r);
    }

    static java.util.List<String> hookNames() {
        java.util.List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < Hooks.COUNT; i++) {
            names.add(Hooks.name(i));
        }
        return names;
    }

    /** The extension's entry in the kernel's list (attached, or among the recently detached). */
    JsonNode state(int id) {
        JsonNode list = k.call("probe", "action", "list");
        for (String part : new String[] {"attached", "detached"}) {
            for (JsonNode e : list.path(part)) {
                if (e.path("id").asInt() == id) {
                    return e;
                }
            }
        }
        throw new IllegalStateException("the kernel no longer knows extension " + id
                + " (detached long ago, or the machine was rebooted)");
    }

    Map<Long, Long> readMap(int id, int map, JsonNode state) {
        if (state.has("reason")) {
            throw new IllegalStateException(state.path("kind").asText() + " " + state.path("name").asText()
                    + " was detached by the kernel and its maps are gone: " + explain(state));
        }
        Map<Long, Long> out = new TreeMap<>();
        int from = 0;
        while (from >= 0) {
            JsonNode page = k.call("probe", "action", "map", "probe", id, "map", map, "from", from);
            for (JsonNode e : page.path("entries")) {
                out.put(e.get(0).asLong(), e.get(1).asLong());
            }
            from = page.path("next").asInt();
        }
        return out;
    }

    void put(int id, int map, long key, long value) {
        k.call("probe", "action", "put", "probe", id, "map", map, "key", key, "value", value);
    }

    void detach(int id) {
        k.call("probe", "action", "detach", "probe", id);
    }

    ProbeList list() {
        return ProbeList.from(k.call("probe", "action", "list"), this::explain);
    }

    /** The reason an extension was detached, with class-file lines turned into the snippet's. */
    String explain(JsonNode e) {
        return explain(e.path("class").asText(), e.path("reason").asText());
    }

    String explain(String internalName, String message) {
        return k.sentClasses().explain(internalName, message);
    }
}
