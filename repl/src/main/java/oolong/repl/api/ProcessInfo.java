package oolong.repl.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One process as {@code ps} shows it. {@code code} is the exit code once the process has died
 * (null while it lives); {@code depth} is its depth in the tree (init is 0); {@code json} is the
 * kernel's answer as it came.
 */
public record ProcessInfo(int pid, int ppid, int cid, int depth, String program, String state, Long code,
                          boolean noreap, int handles, long pages, long cpuMicros, JsonNode json) {

    /** Equal when they describe the same thing: {@code json}, where the description came from (the agent, or memory read by vm.core()), does not count. */
    @Override
    public boolean equals(Object other) {
        return other instanceof ProcessInfo o && java.util.Objects.equals(pid, o.pid) && java.util.Objects.equals(ppid, o.ppid) && java.util.Objects.equals(cid, o.cid) && java.util.Objects.equals(depth, o.depth) && java.util.Objects.equals(program, o.program) && java.util.Objects.equals(state, o.state) && java.util.Objects.equals(code, o.code) && java.util.Objects.equals(noreap, o.noreap) && java.util.Objects.equals(handles, o.handles) && java.util.Objects.equals(pages, o.pages) && java.util.Objects.equals(cpuMicros, o.cpuMicros);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(pid, ppid, cid, depth, program, state, code, noreap, handles, pages, cpuMicros);
    }

    static ProcessInfo from(JsonNode n) {
        return new ProcessInfo(n.path("pid").asInt(), n.path("ppid").asInt(), n.path("cid").asInt(),
                n.path("depth").asInt(), n.path("program").asText(""), n.path("state").asText("?"),
                n.path("code").isNull() || n.path("code").isMissingNode() ? null : n.path("code").asLong(),
                n.path("noreap").asBoolean(), n.path("handles").asInt(), n.path("pages").asLong(),
                n.path("cpu_us").asLong(), n);
    }

    /** Alive unless TOREAP, TOMBSTONE, FORGOTTEN or FREED (the seed's definition). */
    public boolean alive() {
        return !(state.equals("TOREAP") || state.equals("TOMBSTONE") || state.equals("FORGOTTEN") || state.equals("FREED"));
    }

    @Override
    public String toString() {
        return "pid " + pid + " (" + program + ") " + state + (code != null ? " code " + code : "")
                + (noreap ? " noreap" : "") + ", parent " + ppid;
    }
}
