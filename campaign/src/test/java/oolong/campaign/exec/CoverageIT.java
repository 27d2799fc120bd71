package oolong.campaign.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import oolong.campaign.cover.CoverageMap;
import oolong.repl.agent.AgentException;
import oolong.repl.api.Puppet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The coverage kernel counts its blocks and hands them out; the normal kernel has no counters. */
class CoverageIT {
    static final Path IMAGES = Path.of(System.getProperty("oolong.images", "boot/target/images"));

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void theCoverageKernelCountsBlocksThatTheMapNames() throws Exception {
        Images images = Images.in(IMAGES, true);
        CoverageMap map = CoverageMap.read(images.coverageMap());
        try (Vm vm = new Vm(images, "", 256, List.of())) {
            vm.ensureBooted();
            BitSet idle = vm.takeCoverage();
            Puppet p = vm.kernel().puppet();
            p.fork(0).exit(3);
            assertEquals(3, p.await());
            BitSet forked = vm.takeCoverage();
            assertTrue(forked.cardinality() > idle.cardinality(), "fork, exit and await run more kernel code");
            Map<String, int[]> byPackage = map.byPackage(forked);
            assertTrue(byPackage.get("oolong.kernel.proc")[0] > 20, "the process model ran: " + map.report(forked));
            assertEquals(forked.cardinality(), map.covered(forked), "every block that ran is in the map");
            JsonNode again = vm.kernel().agent().call("coverage", Map.of());
            assertTrue(again.path("covered").asInt() < forked.cardinality(), "the counters were reset");
            assertTrue(again.path("instrumented").asBoolean());
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void theNormalKernelHasNoCounters() throws Exception {
        try (Vm vm = new Vm(Images.in(IMAGES, false), "", 256, List.of())) {
            vm.ensureBooted();
            AgentException e = assertThrows(AgentException.class, () -> vm.kernel().agent().call("coverage", Map.of()));
            assertEquals("ENOTSUP", e.code());
        }
    }
}
