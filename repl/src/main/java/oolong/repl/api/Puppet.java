package oolong.repl.api;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import oolong.api.Numbers;
import oolong.repl.agent.AgentException;

/**
 * A user process that makes the system calls you ask for, each a real system call in ring 3
 * ({@code k.puppet()}). A call that blocks in the kernel (await, read, sleep) blocks here until the
 * kernel answers; the ...Async variants return at once. Results are what the system call returned:
 * a negative number is -errno ({@code Errno.name(r)}).
 *
 * <pre>
 *   var p = k.puppet(); var c = p.fork(); c.exit(7); p.await()   // 7
 * </pre>
 */
public final class Puppet {
    /** How long a call waits for the puppet by default. */
    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Kernel kernel;
    private final int pid;

    Puppet(Kernel kernel, int pid) {
        this.kernel = kernel;
        this.pid = pid;
    }

    public int pid() {
        return pid;
    }

    /**
     * Sends a raw command (docs/agent-protocol.md lists the puppet's commands) and returns at once;
     * the future completes with the puppet's answer when the kernel sends it.
     */
    public CompletableFuture<PuppetReply> commandAsync(String command) {
        return kernel.agent().send("puppet", Map.of("pid", pid, "command", command))
                .thenApply(json -> new PuppetReply(pid, command, json));
    }

    /** Sends a raw command and waits for the puppet's answer (at most {@link #TIMEOUT}). */
    public PuppetReply command(String command) {
        try {
            return commandAsync(command).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("puppet " + pid + " did not finish '" + command + "' within "
                    + TIMEOUT.toSeconds() + " s (is it blocked? use the ...Async variant)");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AgentException a) {
                throw new AgentException(a.code(), a.getMessage().substring(a.code().length() + 2));
            }
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    /** The system call's return value ("ret"); fails when the puppet died instead. */
    long ret(String command) {
        return command(command).ret();
    }

    /**
     * Forks (flags: oolong.api.ForkFlags); the child is a puppet too. Throws when fork fails. With
     * SHAREMEM the child is a thread of this puppet, as in the seed: its own stack, the same memory,
     * and the commands getpid, touch, poke, sleep, await, close and exit (it runs no Java).
     */
    public Puppet fork(int flags) {
        long r = ret("fork " + flags);
        if (r <= 0) {
            throw new IllegalStateException("fork failed: " + oolong.api.Errno.name(r));
        }
        return new Puppet(kernel, (int) r);
    }

    public Puppet fork() {
        return fork(0);
    }

    public long await() {
        return ret("await");
    }

    public CompletableFuture<PuppetReply> awaitAsync() {
        return commandAsync("await");
    }

    /** Exits with the code; returns it as the kernel recorded it. */
    public long exit(long code) {
        PuppetReply r = command("exit " + code);
        return r.path("code").asLong(code);
    }

    /** Creates a pipe: {read handle, write handle}. */
    public int[] pipe() {
        PuppetReply r = command("pipe");
        long ret = r.ret();
        if (ret < 0) {
            throw new IllegalStateException("pipe failed: " + oolong.api.Errno.name(ret));
        }
        return new int[] {r.path("result").path("read").asInt(), r.path("result").path("write").asInt()};
    }

    public long dup(int from, int to) {
        return ret("dup " + from + " " + to);
    }

    public long close(int handle) {
        return ret("close " + handle);
    }

    /** Reads at most n bytes: the text, or null when the read failed ({@link #readAsync}'s reply has the return value). */
    public String read(int handle, int n) {
        PuppetReply r = command("read " + handle + " " + n);
        return r.ret() < 0 ? null : r.data();
    }

    public CompletableFuture<PuppetReply> readAsync(int handle, int n) {
        return commandAsync("read " + handle + " " + n);
    }

    public long write(int handle, String text) {
        return ret("write " + handle + " " + text);
    }

    public CompletableFuture<PuppetReply> writeAsync(int handle, String text) {
        return commandAsync("write " + handle + " " + text);
    }

    public long memflag(long address, long length, int flags) {
        return ret("memflag " + Numbers.address(address) + " " + length + " " + flags);
    }

    public long sleep(long ms) {
        return ret("sleep " + ms);
    }

    public CompletableFuture<PuppetReply> sleepAsync(long ms) {
        return commandAsync("sleep " + ms);
    }

    /** Kills every descendant of the puppet with the filicide system call (its children stay awaitable). */
    public long filicide() {
        return ret("filicide");
    }

    public long getpid() {
        return ret("getpid");
    }

    /**
     * Reads a long at an address (a bad one kills the puppet: a page fault). Addresses travel as
     * unsigned hex, so the upper half (0xffff800000000000 and up, negative as a Java long) is
     * reachable too.
     */
    public long touch(long address) {
        return ret("touch " + Numbers.address(address));
    }

    /** Writes a long at an address (see {@link #touch}). */
    public long poke(long address, long value) {
        return ret("poke " + Numbers.address(address) + " " + value);
    }

    @Override
    public String toString() {
        return "puppet " + pid;
    }
}
