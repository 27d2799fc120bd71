package oolong.repl.shell;

import java.util.List;
import org.jline.reader.CompletingParsedLine;

/**
 * The line as the completer sees it: JLine's default parser would split Java at spaces and treat
 * quotes as shell quoting (stripping them and quoting candidates), which is wrong for Java. Here
 * the word being completed is what {@link #wordStart} says, and candidates go in as they are.
 */
final class CompletionLine implements CompletingParsedLine {
    private final String line;
    private final int cursor;
    private final int start;

    CompletionLine(String line, int cursor) {
        this.line = line;
        this.cursor = cursor;
        this.start = wordStart(line, cursor);
    }

    /**
     * Where the word being completed starts: after the opening quote inside a string literal; after
     * the last space in a slash command (at the slash for the command name); otherwise at the start
     * of the Java identifier the cursor is in.
     */
    static int wordStart(String line, int cursor) {
        int quote = openStringStart(line, cursor);
        if (quote >= 0) {
            return quote + 1;
        }
        if (ReplCommands.isCommand(line)) {
            int space = line.substring(0, cursor).lastIndexOf(' ');
            int slash = line.indexOf('/');
            return Math.max(space + 1, slash);
        }
        int i = cursor;
        while (i > 0 && Character.isJavaIdentifierPart(line.charAt(i - 1))) {
            i--;
        }
        return i;
    }

    /**
     * The index of the quote that opens a string literal the cursor is inside, or -1. Char
     * literals, escapes and comments are skipped; text blocks are not completed inside.
     */
    static int openStringStart(String line, int cursor) {
        int open = -1;
        for (int i = 0; i < cursor; i++) {
            char c = line.charAt(i);
            if (open >= 0) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    open = -1;
                } else if (c == '\n') {
                    open = -1;
                }
            } else if (c == '"') {
                open = i;
            } else if (c == '\'') {
                int end = line.indexOf('\'', i + (i + 1 < line.length() && line.charAt(i + 1) == '\\' ? 3 : 2));
                i = end < 0 || end >= cursor ? cursor : end;
            } else if (c == '/' && i + 1 < cursor && line.charAt(i + 1) == '/') {
                int nl = line.indexOf('\n', i);
                i = nl < 0 || nl >= cursor ? cursor : nl;
            } else if (c == '/' && i + 1 < cursor && line.charAt(i + 1) == '*') {
                int end = line.indexOf("*/", i + 2);
                i = end < 0 || end >= cursor ? cursor : end + 1;
            }
        }
        return open;
    }

    /** Where the word starts in the line. */
    int start() {
        return start;
    }

    @Override
    public String word() {
        return line.substring(start, cursor);
    }

    @Override
    public int wordCursor() {
        return cursor - start;
    }

    @Override
    public int wordIndex() {
        return 0;
    }

    @Override
    public List<String> words() {
        return List.of(word());
    }

    @Override
    public String line() {
        return line;
    }

    @Override
    public int cursor() {
        return cursor;
    }

    @Override
    public CharSequence escape(CharSequence candidate, boolean complete) {
        return candidate;
    }

    @Override
    public int rawWordCursor() {
        return wordCursor();
    }

    @Override
    public int rawWordLength() {
        return cursor - start;
    }
}
