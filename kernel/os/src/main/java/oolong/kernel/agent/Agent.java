package oolong.kernel.agent;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * The kernel's agent: serves the JSON-lines protocol on the virtio-serial port.
 *
 * <pre>
 *   {"id":7,"op":"ps"}                       -> {"id":7,"ok":true,"result":...}
 *   {"id":8,"op":"kill","pid":42,"code":0}   -> {"id":8,"ok":false,"error":{"code":"ENOPROC","message":"no process 42"}}
 *   (pushed, no id)                             {"event":"exit","pid":5,"code":0}
 * </pre>
 *
 * Nothing from the host is trusted: a frame longer than {@link #MAX_FRAME} bytes, bytes that are
 * not UTF-8, text that is not a JSON object, an unknown operation or an ill-typed field each get
 * an error response, and the channel keeps working. An operation that fails inside the kernel
 * answers EINTERNAL instead of taking the kernel down.
 */
public final class Agent {
    public static final int MAX_FRAME = 64 * 1024;
    private static final int MAX_ID_LENGTH = 64;

    /** Where responses and events go (the virtio port). */
    public interface Output {
        void send(byte[] data, int length);
    }

    /** An operation: reads the request, writes its result value (exactly one JSON value). */
    public interface Operation {
        void run(Request request, JsonWriter result) throws AgentError;
    }

    private final Map<String, Operation> operations = new HashMap<>();
    private final Output output;
    private final byte[] frame = new byte[MAX_FRAME];
    private int frameLength;
    private boolean discarding;
    private final JsonWriter response = new JsonWriter();
    private final JsonWriter result = new JsonWriter();
    private long requests;
    private long errors;

    public Agent(Output output) {
        this.output = output;
        register("ping", (req, out) -> out.beginObject().field("pong", true).endObject());
        register("ops", (req, out) -> {
            out.beginArray();
            for (String name : new TreeSet<>(operations.keySet())) {
                out.value(name);
            }
            out.endArray();
        });
    }

    public void register(String op, Operation operation) {
        operations.put(op, operation);
    }

    private final java.util.List<Runnable> disconnectHooks = new java.util.ArrayList<>();

    /** Runs when the host goes away: requests it left pending can never be answered to it. */
    public void addDisconnectHook(Runnable hook) {
        disconnectHooks.add(hook);
    }

    /**
     * The host closed the port (the REPL quit, or a restored snapshot's new QEMU reconnects): a
     * half-received frame is dropped, and deferred requests are forgotten, so that a late answer
     * never reaches the next host under an id it is using for something else.
     */
    public void hostDisconnected() {
        frameLength = 0;
        discarding = false;
        for (Runnable hook : disconnectHooks) {
            hook.run();
        }
    }

    public long requests() {
        return requests;
    }

    public long errors() {
        return errors;
    }

    /** Bytes from the host, in any chunking; complete lines are handled as they arrive. */
    public void received(byte[] data, int length) {
        for (int i = 0; i < length; i++) {
            byte b = data[i];
            if (b == '\n') {
                if (discarding) {
                    discarding = false;
                    respondError(null, "EFRAME", "frame longer than " + MAX_FRAME + " bytes");
                } else {
                    handleFrame(frameLength);
                }
                frameLength = 0;
            } else if (!discarding) {
                if (frameLength == MAX_FRAME) {
                    discarding = true;       /* drop the rest of this line, answer once it ends */
                    frameLength = 0;
                } else {
                    frame[frameLength++] = b;
                }
            }
        }
    }

    private void handleFrame(int length) {
        if (length > 0 && frame[length - 1] == '\r') {
            length--;
        }
        if (blank(frame, length)) {
            return;       /* blank lines, whitespace only, are ignored as the protocol says */
        }
        requests++;
        String text = decodeUtf8(frame, length);
        if (text == null) {
            respondError(null, "EPARSE", "the frame is not valid UTF-8");
            return;
        }
        Object parsed;
        try {
            parsed = Json.parse(text);
        } catch (Json.ParseException e) {
            respondError(null, "EPARSE", "malformed JSON: " + e.getMessage());
            return;
        }
        if (!(parsed instanceof Map)) {
            respondError(null, "EPARSE", "a request must be a JSON object, not " + Request.describe(parsed));
            return;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) parsed;
        String id = idOf(fields.get("id"));
        if (id == null) {
            respondError(null, "EINVAL", "'id' must be an integer or a string of at most " + MAX_ID_LENGTH + " characters");
            return;
        }
        Object op = fields.get("op");
        if (!(op instanceof String)) {
            respondError(id, "EINVAL", "'op' must be a string naming the operation");
            return;
        }
        Operation operation = operations.get(op);
        if (operation == null) {
            respondError(id, "ENOOP", "unknown operation '" + op + "'; 'ops' lists them");
            return;
        }
        result.reset();
        Request request = new Request((String) op, id, fields);
        try {
            operation.run(request, result);
            if (request.deferred) {
                return;
            }
        } catch (AgentError e) {
            respondError(id, e.code, e.getMessage());
            return;
        } catch (RuntimeException e) {
            respondError(id, "EINTERNAL", "the kernel failed while handling '" + op + "': "
                    + e.getClass().getName() + ": " + e.getMessage());
            return;
        }
        response.reset().beginObject().name("id").raw(id).field("ok", true).name("result").raw(result).endObject();
        send(response);
    }

    /** Answers a deferred request (see {@link Request#defer}); result holds one JSON value. */
    public void respond(String id, JsonWriter resultValue) {
        response.reset().beginObject().name("id").raw(id).field("ok", true).name("result").raw(resultValue).endObject();
        send(response);
    }

    /** Fails a deferred request. */
    public void respondError(String id, AgentError error) {
        respondError(id, error.code, error.getMessage());
    }

    /** The id rendered as JSON text, or null if it is missing or unusable. */
    private static String idOf(Object id) {
        if (id instanceof Long) {
            return Long.toString((Long) id);
        }
        if (id instanceof String && ((String) id).length() <= MAX_ID_LENGTH) {
            return new JsonWriter().value((String) id).toString();
        }
        return null;
    }

    private void respondError(String id, String code, String message) {
        errors++;
        response.reset().beginObject().name("id").raw(id == null ? "null" : id).field("ok", false)
                .name("error").beginObject().field("code", code).field("message", message).endObject().endObject();
        send(response);
    }

    /** Pushes an event: the writer must hold the event's fields' object, e.g. {"event":"exit",...}. */
    public void pushEvent(JsonWriter event) {
        send(event);
    }

    private void send(JsonWriter w) {
        int n = w.encodeLine();
        output.send(w.encoded(), n);
    }

    /** Whether the frame holds nothing but JSON whitespace (space, tab, carriage return). */
    private static boolean blank(byte[] b, int length) {
        for (int i = 0; i < length; i++) {
            if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') {
                return false;
            }
        }
        return true;
    }

    /** Strict UTF-8 decoding: null for malformed input (overlongs, surrogates, truncation). */
    static String decodeUtf8(byte[] b, int length) {
        StringBuilder sb = new StringBuilder(length);
        int i = 0;
        while (i < length) {
            int c = b[i] & 0xFF;
            int n;
            int cp;
            if (c < 0x80) {
                sb.append((char) c);
                i++;
                continue;
            } else if (c >= 0xC2 && c <= 0xDF) {
                n = 1;
                cp = c & 0x1F;
            } else if (c >= 0xE0 && c <= 0xEF) {
                n = 2;
                cp = c & 0x0F;
            } else if (c >= 0xF0 && c <= 0xF4) {
                n = 3;
                cp = c & 0x07;
            } else {
                return null;
            }
            for (int k = 1; k <= n; k++) {
                if (i + k >= length) {
                    return null;
                }
                int cc = b[i + k] & 0xFF;
                if ((cc & 0xC0) != 0x80) {
                    return null;
                }
                cp = (cp << 6) | (cc & 0x3F);
            }
            if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF)) {
                return null;
            }
            sb.appendCodePoint(cp);
            i += n + 1;
        }
        return sb.toString();
    }
}
