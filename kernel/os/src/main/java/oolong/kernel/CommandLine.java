package oolong.kernel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The kernel command line: words separated by spaces; a word is a flag ({@code selftest}) or
 * a {@code key=value} option. Double quotes group spaces into one word ({@code init="tree 3 2"});
 * a backslash escapes the next character. A later option overrides an earlier one; the first
 * word is the image path the boot loader put there, unless it looks like an option.
 */
public final class CommandLine {
    private final String raw;
    private final List<String> flags = new ArrayList<>();
    private final Map<String, String> options = new LinkedHashMap<>();
    private final String image;

    private CommandLine(String raw) {
        this.raw = raw;
        List<String> words = split(raw);
        String first = null;
        if (!words.isEmpty() && words.get(0).indexOf('=') < 0 && words.get(0).indexOf('/') >= 0) {
            first = words.remove(0);
        }
        image = first;
        for (String w : words) {
            int eq = w.indexOf('=');
            if (eq > 0) {
                options.put(w.substring(0, eq), w.substring(eq + 1));
            } else if (!flags.contains(w)) {
                flags.add(w);
            }
        }
    }

    public static CommandLine parse(String raw) {
        return new CommandLine(raw == null ? "" : raw);
    }

    static List<String> split(String s) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                word.append(s.charAt(++i));
                inWord = true;
            } else if (c == '"') {
                quoted = !quoted;
                inWord = true;
            } else if (c == ' ' && !quoted) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    public boolean has(String flag) {
        return flags.contains(flag);
    }

    public String get(String key, String defaultValue) {
        String v = options.get(key);
        return v != null ? v : defaultValue;
    }

    /** An integer option; the default when absent or not a number. */
    public long getLong(String key, long defaultValue) {
        String v = options.get(key);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return defaultValue;
        }
    }

    public List<String> flags() {
        return Collections.unmodifiableList(flags);
    }

    public Map<String, String> options() {
        return Collections.unmodifiableMap(options);
    }

    /** The boot image path the loader put first, or null. */
    public String image() {
        return image;
    }

    public String raw() {
        return raw;
    }
}
