package oolong.repl;

import java.util.ArrayList;
import java.util.List;

/**
 * Options a script carries for the machine it needs: lines starting with {@code //!} at the top
 * of a script (before its first line of Java), e.g. a campaign reproducer's
 * {@code //! --append "plant=refcount"}. {@code scripts/oolong run FILE} applies them before its
 * own options, so an option on the command line wins ({@code --append plant=none} replays the
 * same script on a kernel without the defect). Only the machine's options are allowed here:
 * {@code --append}, {@code --init}, {@code --memory}, {@code --accel}.
 */
final class ScriptOptions {
    static final List<String> ALLOWED = List.of("--append", "--init", "--memory", "--accel");

    private ScriptOptions() {
    }

    /** The options of the script's {@code //!} lines, as command-line words. */
    static List<String> of(String script) {
        List<String> out = new ArrayList<>();
        for (String line : script.split("\n")) {
            String t = line.strip();
            if (t.isEmpty()) {
                continue;
            }
            if (!t.startsWith("//")) {
                break;                  /* the first line of Java ends the header */
            }
            if (t.startsWith("//!")) {
                List<String> words = words(t.substring(3));
                for (int i = 0; i < words.size(); i += 2) {
                    if (!ALLOWED.contains(words.get(i)) || i + 1 >= words.size()) {
                        throw new IllegalArgumentException("a script's //! line takes " + String.join(", ", ALLOWED)
                                + " with a value: " + line.strip());
                    }
                    out.add(words.get(i));
                    out.add(words.get(i + 1));
                }
            }
        }
        return out;
    }

    /** Words separated by spaces; double quotes group, a backslash escapes the next character. */
    static List<String> words(String s) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean quoted = false;
        boolean in = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                w.append(s.charAt(++i));
                in = true;
            } else if (c == '"') {
                quoted = !quoted;
                in = true;
            } else if (c == ' ' && !quoted) {
                if (in) {
                    words.add(w.toString());
                    w.setLength(0);
                    in = false;
                }
            } else {
                w.append(c);
                in = true;
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("an unclosed quote in a //! line: " + s.strip());
        }
        if (in) {
            words.add(w.toString());
        }
        return words;
    }
}
