package oolong.api.sched.vm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The class file of a class on the test class path, as javac wrote it. */
public final class ClassBytes {
    private ClassBytes() {
    }

    public static byte[] of(Class<?> c) {
        try (InputStream in = c.getResourceAsStream("/" + c.getName().replace('.', '/') + ".class")) {
            if (in == null) {
                throw new IllegalStateException("no class file for " + c.getName());
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
