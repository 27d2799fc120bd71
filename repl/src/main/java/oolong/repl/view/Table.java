package oolong.repl.view;

import java.util.ArrayList;
import java.util.List;

/**
 * A text table whose columns line up whatever the width of the values: every column is as wide as
 * its widest cell (or a minimum, so that a table keeps its layout from one call to the next while
 * pids grow from 1 to 5 digits). Numbers are right-aligned, text left-aligned; the last column is
 * not padded, so no line ends in spaces.
 */
public final class Table {
    /** How a column aligns its cells. */
    public enum Align { LEFT, RIGHT }

    private record Column(String header, Align align, int minWidth) {
    }

    private final List<Column> columns = new ArrayList<>();
    private final List<String[]> rows = new ArrayList<>();
    private String gap = "  ";

    /** Adds a column; minWidth keeps its width stable for values up to that length. */
    public Table column(String header, Align align, int minWidth) {
        columns.add(new Column(header, align, minWidth));
        return this;
    }

    public Table left(String header) {
        return column(header, Align.LEFT, 0);
    }

    public Table right(String header) {
        return column(header, Align.RIGHT, 0);
    }

    /** The space between columns (two spaces by default). */
    public Table gap(String between) {
        gap = between;
        return this;
    }

    /** Adds a row; values are turned into text with String.valueOf (null prints as empty). */
    public Table row(Object... cells) {
        if (cells.length != columns.size()) {
            throw new IllegalArgumentException(columns.size() + " columns, " + cells.length + " cells");
        }
        String[] text = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            text[i] = cells[i] == null ? "" : String.valueOf(cells[i]);
        }
        rows.add(text);
        return this;
    }

    public int size() {
        return rows.size();
    }

    @Override
    public String toString() {
        int[] width = new int[columns.size()];
        for (int c = 0; c < width.length; c++) {
            width[c] = Math.max(columns.get(c).minWidth(), Text.width(columns.get(c).header()));
            for (String[] r : rows) {
                width[c] = Math.max(width[c], Text.width(r[c]));
            }
        }
        StringBuilder sb = new StringBuilder();
        String[] header = columns.stream().map(Column::header).toArray(String[]::new);
        line(sb, header, width);
        for (String[] r : rows) {
            line(sb, r, width);
        }
        return sb.toString().stripTrailing();
    }

    private void line(StringBuilder sb, String[] cells, int[] width) {
        StringBuilder l = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            if (c > 0) {
                l.append(gap);
            }
            String pad = " ".repeat(width[c] - Text.width(cells[c]));
            boolean last = c == cells.length - 1;
            if (columns.get(c).align() == Align.RIGHT) {
                l.append(pad).append(cells[c]);
            } else {
                l.append(cells[c]).append(last ? "" : pad);
            }
        }
        sb.append(l.toString().stripTrailing()).append('\n');
    }
}
