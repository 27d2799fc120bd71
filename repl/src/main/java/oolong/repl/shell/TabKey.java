package oolong.repl.shell;

import org.jline.keymap.KeyMap;
import org.jline.reader.LineReader;
import org.jline.reader.Reference;

/**
 * What Tab does in the console: inside an argument list with nothing typed yet for the argument
 * ({@code k.kill(} or {@code k.kill(3, }) it prints the method's signatures and documentation
 * above the prompt, as jshell does; a second Tab on the same line completes the argument (the
 * live pids after {@code k.kill(}); everywhere else it completes ({@link ReplCompleter}).
 */
final class TabKey {
    static final String WIDGET = "oolong-tab";

    private TabKey() {
    }

    static void install(LineReader reader, SignatureHelp help) {
        /* the line (with its cursor) whose signatures the last Tab showed */
        String[] shownFor = {null};
        reader.getWidgets().put(WIDGET, () -> {
            String buffer = reader.getBuffer().toString();
            String here = reader.getBuffer().cursor() + ":" + buffer;
            String shown = help.at(buffer, reader.getBuffer().cursor());
            if (shown == null || here.equals(shownFor[0])) {
                shownFor[0] = null;
                reader.callWidget(LineReader.COMPLETE_WORD);
                return true;
            }
            shownFor[0] = here;
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
