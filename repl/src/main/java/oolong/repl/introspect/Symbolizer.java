package oolong.repl.introspect;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import oolong.introspect.program.Symbol;

/**
 * Symbols on the addresses the REPL prints (panic reports, registers, a process's saved rip):
 * {@code rip=0000000000101222 <oolong.kernel.KernelLoop.run(Machine) + 0x42>}. One per REPL
 * process, installed when the session's machine facade is made; without debug information the
 * text is left as it is.
 */
public final class Symbolizer {
    /** A hex number as the REPL and the kernel print addresses: 0x-prefixed, or 16 digits. */
    private static final Pattern ADDRESS = Pattern.compile("\\b(0x[0-9a-fA-F]{5,16}|[0-9a-fA-F]{16})\\b(?! <)");
    private static volatile Introspection installed;

    private Symbolizer() {
    }

    public static void install(Introspection introspection) {
        installed = introspection;
    }

    /** The code symbol of an address ("... + 0x1c"), if it is in the code of the kernel or user image. */
    public static Optional<String> code(long address) {
        Introspection i = installed;
        if (i == null) {
            return Optional.empty();
        }
        try {
            boolean code = address >= 0 && address < oolong.introspect.program.Program.KERNEL_LIMIT
                    ? i.kernel().inText(address) : i.user().map(u -> u.inText(address)).orElse(false);
            return code ? i.symbol(address).map(Symbol::toString) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();     /* no debug information: addresses stay bare */
        }
    }

    /** " <symbol>" for a code address, "" otherwise. */
    public static String suffix(long address) {
        return code(address).map(s -> " <" + s + ">").orElse("");
    }

    /** The text with every code address in it followed by its symbol. */
    public static String annotate(String text) {
        if (installed == null || text == null) {
            return text;
        }
        Matcher m = ADDRESS.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String token = m.group(1);
            long value;
            try {
                value = Long.parseUnsignedLong(token.startsWith("0x") ? token.substring(2) : token, 16);
            } catch (NumberFormatException e) {
                continue;
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(token + suffix(value)));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
