package oolong.repl.shell;

import java.io.IOError;
import java.io.IOException;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.jline.utils.InfoCmp;
import org.jline.utils.NonBlockingReader;

/**
 * Shows long output a screenful at a time, as more(1) does, in the interactive console: after
 * each screenful a prompt line waits for a key (space: the next screenful, Enter or j: one more
 * line, G: all the rest, q: stop). What was shown stays on the screen, so the prompt comes back
 * under it. Output that fits, and every dumb terminal (a pipe, a test), is printed at once.
 */
final class Pager {
    private final Terminal terminal;

    Pager(Terminal terminal) {
        this.terminal = terminal;
    }

    /** Whether this terminal can page at all. */
    boolean interactive() {
        String type = terminal.getType();
        return type != null && !type.startsWith(Terminal.TYPE_DUMB) && terminal.getHeight() > 2;
    }

    /** Prints text (several lines), paging it when it does not fit the screen. */
    void print(String text) {
        String[] lines = text.split("\n", -1);
        int height = terminal.getHeight();
        if (!interactive() || rows(lines, 0, lines.length) < height) {
            terminal.writer().println(text);
            terminal.flush();
            return;
        }
        Attributes cooked = terminal.enterRawMode();
        try {
            int next = show(lines, 0, height - 1);
            while (next < lines.length) {
                prompt(next, lines.length);
                int key = read();
                clearPrompt();
                if (key == 'q' || key == 'Q' || key == 3 || key < 0) {
                    break;
                } else if (key == '\r' || key == '\n' || key == 'j') {
                    next = show(lines, next, 1);
                } else if (key == 'G') {
                    next = show(lines, next, Integer.MAX_VALUE);
                } else {
                    next = show(lines, next, height - 1);
                }
            }
        } finally {
            terminal.setAttributes(cooked);
            terminal.flush();
        }
    }

    /** Shows lines from `from` filling at most `rows` screen rows; returns the next line to show. */
    private int show(String[] lines, int from, int rows) {
        int used = 0;
        int i = from;
        while (i < lines.length) {
            int r = rows(lines, i, i + 1);
            if (used > 0 && used + r > rows) {
                break;
            }
            terminal.writer().print(lines[i]);
            terminal.writer().print("\r\n");     /* raw mode: no newline translation */
            used += r;
            i++;
        }
        terminal.flush();
        return i;
    }

    /** Screen rows the lines take, long ones wrapping. */
    private int rows(String[] lines, int from, int to) {
        int width = Math.max(1, terminal.getWidth());
        int rows = 0;
        for (int i = from; i < to; i++) {
            rows += Math.max(1, (lines[i].length() + width - 1) / width);
        }
        return rows;
    }

    private void prompt(int shown, int total) {
        String text = "-- " + shown + " of " + total + " lines: space next page, Enter next line, G all, q quit --";
        terminal.writer().print(new AttributedString(text, AttributedStyle.INVERSE).toAnsi(terminal));
        terminal.flush();
    }

    private void clearPrompt() {
        terminal.writer().print('\r');
        terminal.puts(InfoCmp.Capability.clr_eol);
        terminal.flush();
    }

    private int read() {
        try {
            NonBlockingReader reader = terminal.reader();
            return reader.read();
        } catch (IOException | IOError e) {
            return -1;
        }
    }
}
