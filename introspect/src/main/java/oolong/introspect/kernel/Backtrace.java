package oolong.introspect.kernel;

import java.util.List;
import oolong.introspect.debug.JavaMethod;

/**
 * A stack's frames, innermost first, and where they were read from ("the kernel, CPU 0 at
 * k_panic_exit", "pid 7's saved user registers").
 */
public record Backtrace(String origin, List<Frame> frames, String stopReason) {

    /** Whether any frame is (or inlines) a Java method with this name: "Processes.kill" or a full name. */
    public boolean mentions(String method) {
        return frames.stream().anyMatch(f -> involves(f, method));
    }

    /**
     * The innermost frame that is (or inlines) a Java method with this name ("Processes.kill", a
     * full name, or a C symbol such as "k_panic_exit"), for a script or a test to look at one frame
     * without counting where it is: {@code vm.backtrace().frame("Processes.kill").pc()}.
     *
     * @throws IllegalArgumentException when no frame involves it (the message lists the frames' methods)
     */
    public Frame frame(String method) {
        for (Frame f : frames) {
            if (involves(f, method)) {
                return f;
            }
        }
        StringBuilder seen = new StringBuilder();
        for (Frame f : frames) {
            JavaMethod m = f.method();
            seen.append(seen.isEmpty() ? "" : ", ")
                    .append(m != null ? m.shortName() : f.symbol() != null ? f.symbol().name() : "??");
        }
        throw new IllegalArgumentException("no frame of " + method + " in this backtrace (its frames: " + seen + ")");
    }

    /** Whether a frame's code is, or inlines, the method (matched as mentions() and frame() document). */
    private static boolean involves(Frame f, String method) {
        for (JavaMethod m : f.methods()) {
            String full = m.className() + "." + m.name();
            if (full.equals(method) || full.endsWith("." + method) || full.endsWith("$" + method)) {
                return true;
            }
        }
        return f.symbol() != null && f.symbol().name().equals(method);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(origin).append('\n');
        for (Frame f : frames) {
            sb.append("  ").append(f.toString().replace("\n", "\n  ")).append('\n');
        }
        if (stopReason != null) {
            sb.append("  (").append(stopReason).append(")\n");
        }
        return sb.toString().stripTrailing();
    }
}
