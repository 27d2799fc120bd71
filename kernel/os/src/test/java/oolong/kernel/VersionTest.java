package oolong.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class VersionTest {
    @Test
    void kernelVersionIsTheMavenProjectVersion() throws IOException {
        Properties p = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/project.properties")) {
            p.load(in);
        }
        assertEquals(p.getProperty("version"), Version.NUMBER, "update oolong.kernel.Version with the pom version");
    }
}
