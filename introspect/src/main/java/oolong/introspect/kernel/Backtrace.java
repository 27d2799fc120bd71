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
        for (Frame f : frames) {
            for (JavaMethod m : f.methods()) {
                String full = m.className() + "." + m.name();
                if (full.equals(method) || full.endsWith("." + method) || full.endsWith("$" + method)) {
                    return true;
                }
            }
            if (f.symbol() != null && f.symbol().name().equals(method)) {
                return true;
            }
        }
        return false;
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
