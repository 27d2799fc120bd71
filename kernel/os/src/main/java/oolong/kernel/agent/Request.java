package oolong.kernel.agent;

import java.util.List;
import java.util.Map;

/** One agent request: its operation and typed access to its fields (the arguments, flat). */
public final class Request {
    public final String op;
    /** The request's id as JSON text (for a deferred answer). */
    public final String id;
    private final Map<String, Object> fields;
    boolean deferred;

    Request(String op, String id, Map<String, Object> fields) {
        this.op = op;
        this.id = id;
        this.fields = fields;
    }

    /**
     * Answers later: the operation returns without a result, and whoever finishes the work calls
     * {@link Agent#respond} or {@link Agent#respondError} with {@link #id} (a puppet's system call
     * that blocks, for example).
     */
    public String defer() {
        deferred = true;
        return id;
    }

    public boolean has(String name) {
        return fields.containsKey(name) && fields.get(name) != null;
    }

    public long integer(String name) throws AgentError {
        Object v = fields.get(name);
        if (v == null) {
            throw new AgentError("EINVAL", "'" + op + "' needs an integer field '" + name + "'");
        }
        if (!(v instanceof Long)) {
            throw new AgentError("EINVAL", "field '" + name + "' must be an integer, not " + describe(v));
        }
        return (Long) v;
    }

    public long integer(String name, long defaultValue) throws AgentError {
        return has(name) ? integer(name) : defaultValue;
    }

    /** An integer that must fit in an int and lie in [min, max]. */
    public int intInRange(String name, int min, int max) throws AgentError {
        long v = integer(name);
        if (v < min || v > max) {
            throw new AgentError("EINVAL", "field '" + name + "' must be in " + min + ".." + max + ", not " + v);
        }
        return (int) v;
    }

    public int intInRange(String name, int min, int max, int defaultValue) throws AgentError {
        return has(name) ? intInRange(name, min, max) : defaultValue;
    }

    /** A number (integer or fractional), or the default when absent. */
    public double number(String name, double defaultValue) throws AgentError {
        Object v = fields.get(name);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Long) {
            return (Long) v;
        }
        if (v instanceof Double) {
            return (Double) v;
        }
        throw new AgentError("EINVAL", "field '" + name + "' must be a number, not " + describe(v));
    }

    /** A list of integers (e.g. pids); absent means empty. */
    public long[] integers(String name, int maxItems) throws AgentError {
        Object v = fields.get(name);
        if (v == null) {
            return new long[0];
        }
        if (!(v instanceof List)) {
            throw new AgentError("EINVAL", "field '" + name + "' must be a list of integers, not " + describe(v));
        }
        List<?> l = (List<?>) v;
        if (l.size() > maxItems) {
            throw new AgentError("EINVAL", "field '" + name + "' has more than " + maxItems + " items");
        }
        long[] out = new long[l.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(l.get(i) instanceof Long)) {
                throw new AgentError("EINVAL", "field '" + name + "' item " + i + " must be an integer, not "
                        + describe(l.get(i)));
            }
            out[i] = (Long) l.get(i);
        }
        return out;
    }

    public String string(String name) throws AgentError {
        Object v = fields.get(name);
        if (!(v instanceof String)) {
            throw new AgentError("EINVAL", v == null ? "'" + op + "' needs a string field '" + name + "'"
                    : "field '" + name + "' must be a string, not " + describe(v));
        }
        return (String) v;
    }

    public String string(String name, String defaultValue) throws AgentError {
        return has(name) ? string(name) : defaultValue;
    }

    public boolean bool(String name, boolean defaultValue) throws AgentError {
        Object v = fields.get(name);
        if (v == null) {
            return defaultValue;
        }
        if (!(v instanceof Boolean)) {
            throw new AgentError("EINVAL", "field '" + name + "' must be true or false, not " + describe(v));
        }
        return (Boolean) v;
    }

    /** A list of strings (e.g. a program's arguments); absent means empty. */
    public String[] strings(String name, int maxItems) throws AgentError {
        Object v = fields.get(name);
        if (v == null) {
            return new String[0];
        }
        if (!(v instanceof List)) {
            throw new AgentError("EINVAL", "field '" + name + "' must be a list of strings, not " + describe(v));
        }
        List<?> l = (List<?>) v;
        if (l.size() > maxItems) {
            throw new AgentError("EINVAL", "field '" + name + "' has more than " + maxItems + " items");
        }
        String[] out = new String[l.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(l.get(i) instanceof String)) {
                throw new AgentError("EINVAL", "field '" + name + "' item " + i + " must be a string, not "
                        + describe(l.get(i)));
            }
            out[i] = (String) l.get(i);
        }
        return out;
    }

    /** The raw value of a field (for operations with structured arguments), or null. */
    public Object raw(String name) {
        return fields.get(name);
    }

    static String describe(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String) {
            return "a string";
        }
        if (v instanceof Long) {
            return "an integer";
        }
        if (v instanceof Double) {
            return "a fractional number";
        }
        if (v instanceof Boolean) {
            return "a boolean";
        }
        if (v instanceof List) {
            return "a list";
        }
        return "an object";
    }
}
