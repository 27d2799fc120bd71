package oolong.boot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the structure definitions in C headers (TeaVM's generated class headers and runtime
 * headers, and Oolong's own), with the preprocessor conditions each member stands under. Only the
 * names are taken from here: which structures and members exist. Their offsets and sizes are
 * compiled by gcc (see {@link LayoutProbe}), so nothing about the layout is guessed.
 *
 * Recognised shapes: {@code typedef struct NAME { ... } NAME;} and {@code struct NAME { ... };},
 * members one or several per line ({@code uint64_t rax, rbx;}), arrays, and function pointers.
 */
final class StructDefinitions {
    /** One structure: its C type as written in offsetof, the name it is recorded under, and its members. */
    record Struct(String cType, String name, String condition, List<Member> members) {
    }

    /** A member and the condition (a C preprocessor expression, "1" when none) it is declared under. */
    record Member(String name, String condition) {
    }

    private static final Pattern OPEN = Pattern.compile("^\\s*(typedef\\s+)?struct\\s+(\\w+)\\s*\\{\\s*$");
    private static final Pattern CLOSE = Pattern.compile("^\\s*\\}\\s*(\\w*)\\s*;\\s*$");
    private static final Pattern FUNCTION_POINTER = Pattern.compile("\\(\\s*\\*\\s*(\\w+)\\s*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("(\\w+)\\s*$");

    private StructDefinitions() {
    }

    static List<Struct> parse(Path header) throws IOException {
        return parse(Files.readAllLines(header));
    }

    static List<Struct> parse(List<String> source) {
        List<String> lines = withoutBlockComments(source);
        List<Struct> out = new ArrayList<>();
        Deque<String> conditions = new ArrayDeque<>();
        String name = null;
        boolean typedef = false;
        String structCondition = null;
        List<Member> members = null;
        int nestedBraces = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = stripComments(lines.get(i));
            String t = line.trim();
            if (t.startsWith("#")) {
                directive(t, conditions, i + 1 < lines.size() ? lines.get(i + 1).trim() : "");
                continue;
            }
            if (name == null) {
                Matcher m = OPEN.matcher(line);
                if (m.matches()) {
                    typedef = m.group(1) != null;
                    name = m.group(2);
                    structCondition = condition(conditions);
                    members = new ArrayList<>();
                }
                continue;
            }
            if (nestedBraces > 0) {
                nestedBraces += count(t, '{') - count(t, '}');
                continue;
            }
            Matcher close = CLOSE.matcher(line);
            if (close.matches()) {
                out.add(new Struct(typedef ? close.group(1) : "struct " + name, name, structCondition, List.copyOf(members)));
                name = null;
                continue;
            }
            if (t.contains("{")) {          /* a nested struct or union: not described, skipped */
                nestedBraces = count(t, '{') - count(t, '}');
                continue;
            }
            if (t.isEmpty() || !t.endsWith(";")) {
                continue;
            }
            String cond = condition(conditions);
            for (String member : declarators(t.substring(0, t.length() - 1))) {
                members.add(new Member(member, cond));
            }
        }
        return out;
    }

    /** The names a declaration line declares: "uint64_t rax, rbx" gives rax and rbx. */
    static List<String> declarators(String declaration) {
        Matcher fp = FUNCTION_POINTER.matcher(declaration);
        if (fp.find()) {
            return List.of(fp.group(1));
        }
        String d = declaration.replaceAll("__attribute__\\s*\\(\\(.*\\)\\)", "").replaceAll("\\[[^\\]]*\\]", "").trim();
        List<String> names = new ArrayList<>();
        for (String part : d.split(",")) {
            Matcher id = IDENTIFIER.matcher(part.trim());
            if (id.find()) {
                names.add(id.group(1));
            }
        }
        return names;
    }

    private static void directive(String t, Deque<String> conditions, String nextLine) {
        String[] w = t.substring(1).trim().split("\\s+", 2);
        String arg = w.length > 1 ? w[1].trim() : "";
        switch (w[0]) {
            case "if" -> conditions.push(arg);
            /* an include guard (#ifndef X followed by #define X) is true wherever the header is used */
            case "ifndef" -> conditions.push(nextLine.matches("#\\s*define\\s+" + Pattern.quote(arg) + "\\b.*") ? "1"
                    : "!defined(" + arg + ")");
            case "ifdef" -> conditions.push("defined(" + arg + ")");
            case "else" -> conditions.push("!(" + conditions.pop() + ")");
            case "elif" -> conditions.push("!(" + conditions.pop() + ") && (" + arg + ")");
            case "endif" -> {
                if (!conditions.isEmpty()) {
                    conditions.pop();
                }
            }
            default -> {
            }
        }
    }

    private static String condition(Deque<String> conditions) {
        if (conditions.isEmpty()) {
            return "1";
        }
        List<String> parts = new ArrayList<>();
        for (var it = conditions.descendingIterator(); it.hasNext(); ) {
            String c = it.next();
            if (!c.equals("1")) {
                parts.add("(" + c + ")");
            }
        }
        return parts.isEmpty() ? "1" : String.join(" && ", parts);
    }

    /** The lines with every comment block blanked (line breaks kept, so line numbers stay). */
    private static List<String> withoutBlockComments(List<String> source) {
        String text = String.join("\n", source);
        Matcher m = Pattern.compile("/\\*.*?\\*/", Pattern.DOTALL).matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(m.group().replaceAll("[^\n]", " ")));
        }
        m.appendTail(sb);
        return List.of(sb.toString().split("\n", -1));
    }

    private static String stripComments(String line) {
        String s = line;
        int c = s.indexOf("//");
        return c >= 0 ? s.substring(0, c) : s;
    }

    private static int count(String s, char c) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }
}
