package oolong.repl.api;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import oolong.api.sched.vm.PolicyVerifier;
import oolong.repl.snippet.ClassCapture;

/**
 * The classes this REPL sent to the kernel to run as extensions — scheduling policies, probes,
 * patches — so that what the kernel says about one of them (a fallback, a detach, with the class
 * file's line) is shown with the line of the snippet the user typed. One record and one
 * explanation for every kind: the REPL's half of the one notice path.
 */
final class SentClasses {
    /** Name the kernel shows (the simple name) -> binary class name. */
    private final Map<String, String> byDisplay = new ConcurrentHashMap<>();
    /** Internal class name -> binary class name. */
    private final Map<String, String> byInternal = new ConcurrentHashMap<>();

    void sent(String binaryName) {
        String internal = binaryName.replace('.', '/');
        byDisplay.put(PolicyVerifier.displayName(internal), binaryName);
        byInternal.put(internal, binaryName);
    }

    /** A message about the class with this internal name (null: find it by the names the message mentions). */
    String explain(String internalName, String message) {
        if (message == null) {
            return null;
        }
        String binary = internalName == null ? null : byInternal.get(internalName);
        if (binary != null) {
            return ClassCapture.explain(binary, message);
        }
        String out = message;
        for (Map.Entry<String, String> e : byDisplay.entrySet()) {
            if (out.startsWith(e.getKey() + ".") || out.contains(" " + e.getKey() + ".")) {
                out = ClassCapture.explain(e.getValue(), out);
            }
        }
        return out;
    }
}
