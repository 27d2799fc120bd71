package oolong.boot;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ToolchainTest {
    @Test
    void aMissingToolIsNamedWithItsPackage() {
        BuildException e = assertThrows(BuildException.class, () -> Toolchain.detect("/nonexistent-dir"));
        String m = e.getMessage();
        assertTrue(m.contains("gcc (Debian package gcc)"), m);
        assertTrue(m.contains("ld (Debian package binutils)"), m);
        assertTrue(m.contains("objcopy"), m);
        assertTrue(m.contains("apt-get install"), m);
    }

    @Test
    void theRealToolchainIsFound() {
        Toolchain t = Toolchain.detect();
        assertTrue(t.gccInclude.toString().contains("gcc"), t.gccInclude.toString());
    }
}
