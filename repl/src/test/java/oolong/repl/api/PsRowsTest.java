package oolong.repl.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Random;
import oolong.api.ForkFlags;
import oolong.kernel.agent.JsonWriter;
import oolong.kernel.agent.ProcessOperations;
import oolong.kernel.agent.PsRows;
import oolong.kernel.proc.Process;
import oolong.kernel.proc.Processes;
import oolong.kernel.proc.bench.InertMachine;
import org.junit.jupiter.api.Test;

/**
 * The compact ps (the kernel's PsRows, read by the REPL's PsRows) gives exactly what the object
 * format gives, on a model with live, dead and kept processes, and more program names than the
 * table holds.
 */
class PsRowsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void rowsAndObjectsGiveTheSameProcesses() throws Exception {
        InertMachine machine = new InertMachine();
        Processes model = new Processes(machine);
        Process init = model.seed("init", machine.newSpace(), machine.newRegisters());
        Random r = new Random(16);
        java.util.List<Process> all = new java.util.ArrayList<>();
        all.add(init);
        for (int i = 0; i < 300; i++) {
            Process parent = all.get(r.nextInt(all.size()));
            if (parent.state() != oolong.kernel.proc.ProcessState.RUNNING) {
                continue;
            }
            Process child = model.fork(parent, r.nextInt(4) == 0 ? ForkFlags.NOREAP : 0).process;
            child.setProgram(i % 3 == 0 ? "prog" + i : "tree");      /* ~100 names: past the table's 64 */
            all.add(child);
        }
        for (int i = 0; i < 60; i++) {
            Process p = all.get(1 + r.nextInt(all.size() - 1));
            if (p.alive()) {
                model.kill(p, 40 + i);                               /* TOREAP, tombstones, forgotten */
            }
        }
        model.await(init);

        JsonWriter objects = new JsonWriter();
        objects.beginObject().name("processes").beginArray();
        for (Process p = init; p != null; p = Processes.next(p, null)) {
            ProcessOperations.summary(objects, p);
        }
        objects.endArray().endObject();
        JsonWriter rows = new JsonWriter();
        PsRows.write(rows, model);

        JsonNode o = JSON.readTree(objects.toString());
        JsonNode c = JSON.readTree(rows.toString());
        ProcessTree fromObjects = ProcessTree.from(o);
        ProcessTree fromRows = ProcessTree.from(c);
        assertTrue(fromObjects.size() > 200, "a big tree: " + fromObjects.size());
        assertEquals(fromObjects, fromRows);
        assertTrue(rows.length() * 2 < objects.length(), "rows " + rows.length() + " bytes, objects " + objects.length());
    }
}
