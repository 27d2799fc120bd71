package oolong.kernel.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import oolong.kernel.core.SimulatedKernel;
import org.junit.jupiter.api.Test;

/**
 * docs/agent-protocol.md's table of operations lists exactly the operations the kernel registers
 * (as `ops` reports them), and its `ops` example shows the same list.
 */
class ProtocolTableTest {
    static final Path DOC = Path.of("../../docs/agent-protocol.md");

    @Test
    void theOperationsTableMatchesTheRegisteredOperations() throws Exception {
        AgentSession s = new AgentSession(new SimulatedKernel());
        List<String> registered = new ArrayList<>();
        JsonNode ops = s.result("ops", "");
        ops.forEach(n -> registered.add(n.asText()));
        String doc = Files.readString(DOC);
        TreeSet<String> documented = new TreeSet<>();
        Matcher row = Pattern.compile("(?m)^\\| \\[`([a-z]+)`\\]\\(#[a-z-]+\\) \\|").matcher(doc);
        while (row.find()) {
            documented.add(row.group(1));
        }
        assertEquals(new TreeSet<>(registered), documented, "operations in docs/agent-protocol.md's table");
        Matcher example = Pattern.compile("\\{\"id\":3,\"ok\":true,\"result\":(\\[[^]]*])}").matcher(doc);
        assertEquals(true, example.find(), "the ops example");
        assertEquals(ops.toString(), example.group(1));
    }
}
