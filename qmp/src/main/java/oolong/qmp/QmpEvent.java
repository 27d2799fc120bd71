package oolong.qmp;

import com.fasterxml.jackson.databind.JsonNode;

/** An asynchronous event from QEMU (STOP, RESUME, RESET, SHUTDOWN, GUEST_PANICKED, ...). */
public record QmpEvent(String name, JsonNode data, long seconds, long microseconds) {
    @Override
    public String toString() {
        return name + (data == null || data.isEmpty() ? "" : " " + data);
    }
}
