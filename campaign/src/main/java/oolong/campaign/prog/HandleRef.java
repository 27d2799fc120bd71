package oolong.campaign.prog;

/**
 * A handle operand of a step: an end of a pipe a step made ({@code h3[0]} read, {@code h3[1]}
 * write), the slot a dup returned ({@code d4}), or a literal slot number ({@code -1} for "the
 * first free slot" in a dup, or a slot nothing was put in, which the kernel refuses with EBADF).
 */
public record HandleRef(String var, int end, int literal) {
    public static HandleRef pipeEnd(String var, int end) {
        return new HandleRef(var, end, 0);
    }

    public static HandleRef dup(String var) {
        return new HandleRef(var, -1, 0);
    }

    public static HandleRef literal(int slot) {
        return new HandleRef(null, -1, slot);
    }

    public boolean isLiteral() {
        return var == null;
    }

    public HandleRef renamed(java.util.function.UnaryOperator<String> rename) {
        return isLiteral() ? this : new HandleRef(rename.apply(var), end, literal);
    }

    /** As Java in a reproducer: h3[0], d4 or -1. */
    @Override
    public String toString() {
        if (isLiteral()) {
            return Integer.toString(literal);
        }
        return end >= 0 ? var + "[" + end + "]" : var;
    }

    /** Parses what {@link #toString} writes. */
    public static HandleRef parse(String text) {
        String t = text.trim();
        if (t.matches("-?\\d+")) {
            return literal(Integer.parseInt(t));
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(h\\d+)\\[([01])]").matcher(t);
        if (m.matches()) {
            return pipeEnd(m.group(1), Integer.parseInt(m.group(2)));
        }
        if (t.matches("d\\d+")) {
            return dup(t);
        }
        throw new IllegalArgumentException("not a handle: " + text);
    }
}
