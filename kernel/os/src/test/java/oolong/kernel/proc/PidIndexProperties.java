package oolong.kernel.proc;

import oolong.kernel.error.KernelBug;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Example;

/** The pid index does what a HashMap&lt;Integer, Process&gt; does, through growth and removals. */
class PidIndexProperties {
    /** An operation: a pid (positive; small ranges make collisions and re-insertions likely) and whether to remove it. */
    record Op(int pid, boolean remove) {
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Integer> pids = Arbitraries.oneOf(Arbitraries.integers().between(1, 300),
                Arbitraries.integers().between(1, Integer.MAX_VALUE));
        return Arbitraries.integers().between(0, 99).flatMap(bias ->
                pids.flatMap(pid -> Arbitraries.integers().between(0, 99).map(r -> new Op(pid, r < bias / 2))))
                .list().ofMaxSize(3000);
    }

    @Property(tries = 200)
    void behavesLikeAHashMap(@ForAll("operations") List<Op> ops) {
        PidIndex index = new PidIndex();
        Map<Integer, Process> reference = new HashMap<>();
        for (Op op : ops) {
            if (op.remove()) {
                assertSame(reference.remove(op.pid()), index.remove(op.pid()), "remove " + op.pid());
            } else {
                Process p = new Process(op.pid(), 0);
                reference.put(op.pid(), p);
                index.put(op.pid(), p);
            }
            assertEquals(reference.size(), index.size());
            assertSame(reference.get(op.pid()), index.get(op.pid()));
        }
        for (Map.Entry<Integer, Process> e : reference.entrySet()) {
            assertSame(e.getValue(), index.get(e.getKey()), "pid " + e.getKey());
        }
        Map<Process, Boolean> seen = new IdentityHashMap<>();
        for (int slot = 0; slot < index.capacity(); slot++) {
            if (index.at(slot) != null) {
                seen.put(index.at(slot), true);
            }
        }
        assertEquals(reference.size(), seen.size(), "the slots hold every process once");
    }

    @Example
    void pidsArePositive() {
        assertThrows(KernelBug.class, () -> new PidIndex().put(0, new Process(1, 0)));
    }
}
