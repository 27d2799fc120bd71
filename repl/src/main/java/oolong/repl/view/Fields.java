package oolong.repl.view;

import java.util.ArrayList;
import java.util.List;

/**
 * A titled list of "name   value" lines with the values lined up, as crash prints a structure:
 * <pre>
 * process 2 (tree)
 *   state      WAITS4CHILDDEATH
 *   children   4, 3
 * </pre>
 */
public final class Fields {
    private final String title;
    private final List<String[]> lines = new ArrayList<>();

    public Fields(String title) {
        this.title = title;
    }

    public Fields add(String name, Object value) {
        lines.add(new String[] {name, String.valueOf(value)});
        return this;
    }

    @Override
    public String toString() {
        int width = 0;
        for (String[] l : lines) {
            width = Math.max(width, Text.width(l[0]));
        }
        StringBuilder sb = new StringBuilder(title);
        for (String[] l : lines) {
            sb.append("\n  ").append(l[0]).append(" ".repeat(width - Text.width(l[0]) + 2)).append(l[1]);
        }
        return sb.toString();
    }
}
