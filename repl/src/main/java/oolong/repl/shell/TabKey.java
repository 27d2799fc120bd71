package oolong.repl.shell;

import org.jline.keymap.KeyMap;
import org.jline.reader.LineReader;
import org.jline.reader.Reference;

/**
 * What Tab does in the console: inside an argument list with nothing typed yet for the argument
 * ({@code k.kill(} or {@code k.kill(3, }) it prints the method's signatures and documentation
 * above the prompt, as jshell does; everywhere else it completes ({@link ReplCompleter}).
 */
final class TabKey {
    static final String WIDGET = "oolong-tab";

    private TabKey() {
    }

    static void install(LineReader reader, SignatureHelp help) {
        reader.getWidgets().put(WIDGET, () -> {
            String buffer = reader.getBuffer().toString();
            String shown = help.at(buffer, reader.getBuffer().cursor());
            if (shown == null) {
                reader.callWidget(LineReader.COMPLETE_WORD);
                return true;
            }
            reader.printAbove(shown);
            return true;
        });
        for (String map : new String[] {LineReader.EMACS, LineReader.VIINS}) {
            KeyMap<org.jline.reader.Binding> keys = reader.getKeyMaps().get(map);
            if (keys != null) {
                keys.bind(new Reference(WIDGET), "\t");
            }
        }
    }
}
