package oolong.campaign.exec;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import oolong.qmp.VmConfig;
import oolong.repl.session.Session;
import oolong.repl.agent.AgentException;
import oolong.repl.api.Kernel;

/**
 * One campaign machine: a QEMU with the kernel, the REPL's session and kernel facade on it, a
 * keeper process (a long sleeper under init, so that init always waits for a child and reaps at
 * once), and the leak baseline taken once the machine is quiet. Rebooted after every finding, so
 * that a broken kernel never judges the next program.
 */
public final class Vm implements AutoCloseable {
    /** The counters that must come back after a program (as the REPL's leak report compares them). */
    public static final List<String> LEAK_COUNTERS = List.of("processes_live", "address_spaces", "handle_tables",
            "handles_open", "pipes_open", "frames_used", "page_table_frames");

    private final VmConfig config;
    private final boolean coverage;
    private Session session;
    private Kernel kernel;
    private Map<String, Long> baseline;
    private int boots;

    public Vm(Images images, String append, int memoryMiB, List<String> qemuArgs) {
        config = new VmConfig().memoryMiB(memoryMiB).kernel(images.kernel()).module(images.user().toString())
                .append(append == null ? "" : append.trim());
        for (String a : qemuArgs) {
            config.extraArg(a);
        }
        coverage = images.coverage();
    }

    public boolean coverage() {
        return coverage;
    }

    /** Boots if there is no machine. */
    public void ensureBooted() throws IOException {
        if (session == null) {
            boot();
        }
    }

    private void boot() throws IOException {
        Session s = new Session(config.copy(), null);
        try {
            s.boot();
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        session = s;
        kernel = new Kernel(s::agent);
        kernel.spawn("sleeper", "999999999");
        baseline = kernel.baseline();
        if (coverage) {
            takeCoverage();       /* boot's own coverage is not the first program's */
        }
        boots++;
    }

    public void reboot() throws IOException {
        shutdown();
        boot();
    }

    public Kernel kernel() {
        return kernel;
    }

    public Session session() {
        return session;
    }

    public Map<String, Long> baseline() {
        return baseline;
    }

    public int boots() {
        return boots;
    }

    /** The console's last lines, for reports. */
    public String consoleTail(int lines) {
        try {
            String[] all = session.vm().serialOutput().split("\n");
            return String.join("\n", java.util.Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
        } catch (RuntimeException e) {
            return "";
        }
    }

    /**
     * Whether the machine has ended. A QEMU that dies closes its sockets as it goes, so a failed
     * call can arrive before its supervisor has exited: when the agent connection is gone, the
     * machine gets a few seconds to be seen ended (else a dead machine's failure would count as
     * the harness's).
     */
    public boolean ended() {
        if (!running()) {
            return true;
        }
        boolean connected;
        try {
            connected = session.agent().connected();
        } catch (RuntimeException e) {
            connected = false;
        }
        if (connected) {
            return false;
        }
        try {
            session.vm().onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException | RuntimeException e) {
            return !running();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !running();
        }
    }

    public boolean running() {
        try {
            return session != null && session.vm().running();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The blocks covered since the last call (the counters are reset), or null without coverage. */
    public BitSet takeCoverage() {
        if (!coverage) {
            return null;
        }
        JsonNode r = kernel.agent().call("coverage", Map.of("reset", true));
        return bitmap(r.path("bitmap").asText());
    }

    /** The agent's bitmap: one hex digit per four blocks, the lowest bit first. */
    public static BitSet bitmap(String hex) {
        BitSet b = new BitSet(hex.length() * 4);
        for (int i = 0; i < hex.length(); i++) {
            int d = Character.digit(hex.charAt(i), 16);
            for (int bit = 0; bit < 4; bit++) {
                if ((d & (1 << bit)) != 0) {
                    b.set(i * 4 + bit);
                }
            }
        }
        return b;
    }

    /** Whether the kernel answers a ping within the time. */
    public boolean answers(Duration within) {
        try {
            kernel.agent().call("ping", Map.of(), within);
            return true;
        } catch (AgentException e) {
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void shutdown() {
        if (session != null) {
            session.close();
            session = null;
            kernel = null;
        }
    }

    @Override
    public void close() {
        shutdown();
    }
}
