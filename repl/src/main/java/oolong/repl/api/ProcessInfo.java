package oolong.repl.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One process as {@code ps} shows it. {@code code} is the exit code once the process has died
 * (null while it lives); {@code depth} is its depth in the tree (init is 0); {@code json} is the
 * kernel's answer as it came.
 */
public record ProcessInfo(int pid, int ppid, int cid, int depth, String program, String state, Long code,
                          boolean noreap, int handles, long pages, long cpuMicros, JsonNode json) {

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
