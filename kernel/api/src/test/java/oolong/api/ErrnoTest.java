package oolong.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Error numbers are Linux's (so they read familiarly), distinct, and named back by {@link Errno#name}. */
class ErrnoTest {
    /** asm-generic/errno-base.h and errno.h on x86-64. */
    static final Map<String, Integer> LINUX = Map.ofEntries(Map.entry("EPERM", 1), Map.entry("ENOENT", 2),
            Map.entry("ESRCH", 3), Map.entry("EBADF", 9), Map.entry("ECHILD", 10), Map.entry("EAGAIN", 11),
            Map.entry("ENOMEM", 12), Map.entry("EACCES", 13), Map.entry("EFAULT", 14), Map.entry("EEXIST", 17),
            Map.entry("EINVAL", 22),
            Map.entry("EMFILE", 24), Map.entry("EPIPE", 32), Map.entry("ERANGE", 34), Map.entry("ENOSYS", 38),
            Map.entry("ENOTSUP", 95));

    @Test
    void valuesAreLinuxs() {
        Map<String, Integer> errno = Constants.of(Errno.class);
        for (Map.Entry<String, Integer> e : errno.entrySet()) {
            assertEquals(LINUX.get(e.getKey()), e.getValue(), e.getKey());
        }
        Set<Integer> distinct = new HashSet<>(errno.values());
        assertEquals(errno.size(), distinct.size(), "two names for one number");
    }

    @Test
    void everyNumberIsNamedBackWhateverItsSign() {
        for (Map.Entry<String, Integer> e : Constants.of(Errno.class).entrySet()) {
            assertEquals(e.getKey(), Errno.name(e.getValue()));
            assertEquals(e.getKey(), Errno.name(-e.getValue()), "negated, as system calls return it");
        }
    }

    @Test
    void anUnknownNumberIsShownAsANumber() {
        assertEquals("E4", Errno.name(4));
        assertEquals("E4", Errno.name(-4));
        assertEquals("E0", Errno.name(0));
    }
}
