package oolong.repl.shell;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import jdk.jshell.SourceCodeAnalysis;

/**
 * What Tab shows inside an argument list, as jshell does: the signatures of the method being
 * called (from JShell's source analysis) and their documentation (JShell's, from the JDK's
 * sources when installed, else the facades' own comments from {@link Javadocs}). It also tells
 * the completer which parameter a string literal stands for, by the parameter's name.
 */
final class SignatureHelp {
    private final SourceCodeAnalysis analysis;

    SignatureHelp(SourceCodeAnalysis analysis) {
        this.analysis = analysis;
    }

    /**
     * The signatures and documentation to show for Tab at the cursor, or null when Tab should
     * complete instead: only right after "(" or "," (nothing typed yet for the argument) and
     * outside strings.
     */
    String at(String buffer, int cursor) {
        if (CompletionLine.openStringStart(buffer, cursor) >= 0 || CompletionLine.wordStart(buffer, cursor) != cursor) {
            return null;
        }
        int i = cursor - 1;
        while (i >= 0 && Character.isWhitespace(buffer.charAt(i))) {
            i--;
        }
        if (i < 0 || (buffer.charAt(i) != '(' && buffer.charAt(i) != ',')) {
            return null;
        }
        List<SourceCodeAnalysis.Documentation> docs = documentation(buffer, cursor, true);
        if (docs.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        Set<String> seen = new LinkedHashSet<>();
        for (SourceCodeAnalysis.Documentation d : docs) {
            if (!seen.add(d.signature())) {
                continue;
            }
            sb.append(d.signature()).append('\n');
            String javadoc = d.javadoc() != null ? d.javadoc() : Javadocs.of(d.signature());
            if (javadoc != null && !javadoc.isBlank()) {
                for (String line : javadoc.strip().split("\n")) {
                    sb.append("    ").append(line.strip()).append('\n');
                }
            }
        }
        return sb.toString().stripTrailing();
    }

    private List<SourceCodeAnalysis.Documentation> documentation(String code, int cursor, boolean javadoc) {
        try {
            return analysis.documentation(code, cursor, javadoc);
        } catch (RuntimeException e) {
            return List.of();        /* the analysis gives up on some broken input: then there is no help */
        }
    }

    /**
     * The names the called method's overloads give the parameter a string literal starting at
     * {@code quote} is for: ["program"] inside {@code k.spawn("}.
     */
    List<String> parameterNames(String buffer, int quote) {
        String code = buffer.substring(0, quote);
        int index = argumentIndex(code);
        if (index < 0) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (SourceCodeAnalysis.Documentation d : documentation(code, code.length(), false)) {
            String sig = d.signature();
            int open = sig.indexOf('(');
            int close = sig.lastIndexOf(')');
            if (open < 0 || close < open) {
                continue;
            }
            List<String> params = Javadocs.splitTopLevel(sig.substring(open + 1, close));
            String p = null;
            if (index < params.size()) {
                p = params.get(index).strip();
            } else if (!params.isEmpty() && params.get(params.size() - 1).contains("...")) {
                p = params.get(params.size() - 1).strip();
            }
            if (p != null && !p.isEmpty() && !names.contains(p.substring(p.lastIndexOf(' ') + 1))) {
                names.add(p.substring(p.lastIndexOf(' ') + 1));
            }
        }
        return names;
    }

    /** Which argument of the innermost open call the end of the code is in (0 for the first), or -1. */
    static int argumentIndex(String code) {
        int depth = 0;
        int commas = 0;
        for (int i = code.length() - 1; i >= 0; i--) {
            char c = code.charAt(i);
            if (c == ')' || c == ']' || c == '}') {
                depth++;
            } else if (c == '(' || c == '[' || c == '{') {
                if (depth == 0) {
                    return c == '(' ? commas : -1;
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                commas++;
            } else if (c == '"') {
                /* skip a complete string literal backwards */
                int j = i - 1;
                while (j >= 0 && !(code.charAt(j) == '"' && (j == 0 || code.charAt(j - 1) != '\\'))) {
                    j--;
                }
                i = Math.max(j, 0);
            }
        }
        return -1;
    }
}
