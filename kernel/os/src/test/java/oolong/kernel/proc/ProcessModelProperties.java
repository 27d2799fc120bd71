package oolong.kernel.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import oolong.api.ExitCodes;
import oolong.api.ForkFlags;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/**
 * Random sequences of fork (random flags), kill, filicide, await, pipe, dup, close, pipe reads and
 * writes, sleeps and wake-ups, with the invariant check after every step; once the whole tree has
 * died everything must be back at its baseline.
 */
class ProcessModelProperties {
    @Property(tries = 40)
    void randomSequencesKeepEveryInvariant(@ForAll @LongRange(min = 1, max = Long.MAX_VALUE) long seed) {
        Random r = new Random(seed);
        Fixture f = new Fixture();
        Processes m = f.model;
        long time = 0;
        int steps = 400;
        for (int step = 0; step < steps; step++) {
            List<Process> alive = new ArrayList<>();
            List<Process> running = new ArrayList<>();
            for (Process p = f.init; p != null; p = Processes.next(p, null)) {
                if (p.alive()) {
                    alive.add(p);
                    if (p.state() == ProcessState.RUNNING) {
                        running.add(p);
                    }
                }
            }
            String op = "?";
            int choice = r.nextInt(12);
            Process p = running.isEmpty() ? null : running.get(r.nextInt(running.size()));
            if (choice <= 2 && p != null && alive.size() < 60) {
                int flags = (r.nextBoolean() ? ForkFlags.NOREAP : 0) | (r.nextBoolean() ? ForkFlags.SHAREMEM : 0)
                        | (r.nextBoolean() ? ForkFlags.SHAREHANDLE : 0);
                op = "fork " + p.pid() + " flags " + flags;
                Processes.Result res = m.fork(p, flags);
                if (res.ok()) {
                    p.registers().setReturnValue(res.process.pid());
                }
            } else if (choice == 3 && alive.size() > 1) {
                Process victim = alive.get(1 + r.nextInt(alive.size() - 1));
                op = "kill " + victim.pid();
                m.kill(victim, r.nextInt(100));
            } else if (choice == 4 && alive.size() > 1 && r.nextInt(4) == 0) {
                Process victim = alive.get(r.nextInt(alive.size()));
                op = "filicide " + victim.pid();
                m.filicide(victim, -1);
            } else if (choice == 5 && p != null) {
                op = "await " + p.pid();
                m.await(p);
            } else if (choice == 6 && p != null) {
                op = "pipe " + p.pid();
                m.pipes().create(p);
            } else if (choice == 7 && p != null) {
                op = "dup " + p.pid();
                m.handleIds().dup(p, r.nextInt(18) - 2, r.nextInt(18) - 1);
            } else if (choice == 8 && p != null) {
                op = "close " + p.pid();
                m.handleIds().close(p, r.nextInt(16));
            } else if (choice == 9 && p != null) {
                int h = r.nextInt(16);
                boolean read = r.nextBoolean();
                op = (read ? "read " : "write ") + p.pid() + " handle " + h;
                long buf = r.nextInt(10) == 0 ? 0x1000 : Fixture.BUFFERS + r.nextInt(8) * 512;
                if (read) {
                    m.pipes().read(p, h, buf, 1 + r.nextInt(600));
                } else {
                    m.pipes().write(p, h, buf, 1 + r.nextInt(600));
                }
            } else if (choice == 10 && p != null) {
                op = "sleep " + p.pid();
                m.sleepers().sleep(p, time + r.nextInt(50));
            } else {
                time += r.nextInt(30);
                op = "time " + time;
                m.sleepers().wakeDue(time);
                if (r.nextInt(3) == 0) {
                    m.freeForgotten();
                }
            }
            List<String> v = f.check();
            if (!v.isEmpty()) {
                throw new AssertionError("seed " + seed + ", step " + step + " (" + op + "): " + v);
            }
        }
        m.filicide(f.init, 0);
        if (r.nextBoolean()) {
            while (f.init.state() == ProcessState.RUNNING && m.await(f.init) != ExitCodes.NOTHING_TO_AWAIT) {
                /* collect some or all of the children first */
            }
        }
        m.kill(f.init, 0);
        m.freeForgotten();
        assertEquals(java.util.List.of(), f.check(), "seed " + seed);
        assertEquals(0, m.liveProcesses(), "live processes");
        assertEquals(0, m.addressSpaces(), "address spaces");
        assertEquals(0, m.handles().openHandles(), "open handles");
        assertEquals(0, m.handles().openPipes(), "open pipes");
        assertEquals(0, m.handles().tables(), "handle tables");
        assertEquals(f.framesAtStart, f.machine.frames.freeFrames(), "frames");
    }
}
