package oolong.campaign.model;

/**
 * What an operation did to the process that made it, in the host model or as the kernel answered:
 * it returned a value (with the bytes read, for a read; the two ends, for a pipe), returned some
 * address (memflag: where is not the process model's business), created a process, is blocked
 * (waiting in the kernel), or the process died in it (its exit code).
 */
public record Result(Kind kind, long value, String data, int readEnd, int writeEnd) {
    public enum Kind { RETURNED, ADDRESS, CREATED, BLOCKED, DIED }

    public static Result returned(long value) {
        return new Result(Kind.RETURNED, value, null, 0, 0);
    }

    public static Result read(long value, String data) {
        return new Result(Kind.RETURNED, value, data, 0, 0);
    }

    public static Result pipe(int readEnd, int writeEnd) {
        return new Result(Kind.RETURNED, 0, null, readEnd, writeEnd);
    }

    public static Result address() {
        return new Result(Kind.ADDRESS, 0, null, 0, 0);
    }

    public static Result created() {
        return new Result(Kind.CREATED, 0, null, 0, 0);
    }

    public static Result blocked() {
        return new Result(Kind.BLOCKED, 0, null, 0, 0);
    }

    public static Result died(long code) {
        return new Result(Kind.DIED, code, null, 0, 0);
    }

    public boolean isReturn() {
        return kind == Kind.RETURNED;
    }

    /** Whether this is an error return (-errno). */
    public boolean failed() {
        return kind == Kind.RETURNED && value < 0;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case RETURNED -> "returns " + value + (data == null ? "" : " \"" + data + "\"")
                    + (readEnd != 0 || writeEnd != 0 ? " (read end " + readEnd + ", write end " + writeEnd + ")" : "");
            case ADDRESS -> "returns an address";
            case CREATED -> "creates a process";
            case BLOCKED -> "blocks";
            case DIED -> "dies with exit code " + value;
        };
    }
}
