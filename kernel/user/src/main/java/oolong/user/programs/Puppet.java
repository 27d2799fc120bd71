package oolong.user.programs;

import java.nio.charset.StandardCharsets;
import oolong.api.ForkFlags;
import oolong.api.MemFlags;
import oolong.api.Numbers;
import oolong.api.Syscall;
import oolong.user.sys.Sys;
import org.teavm.interop.Address;

/**
 * A process that makes the system calls the REPL asks for ({@code k.puppet()}). It reports the
 * result of each command and waits for the next through the puppet_next system call; each
 * command is one real system call made by this process in ring 3. Commands (text):
 *
 * <pre>
 *   fork FLAGS | await | exit CODE | pipe | dup FROM TO | close H | read H N | write H TEXT
 *   memflag ADDR LEN FLAGS | sleep MS | getpid | touch ADDR | poke ADDR VALUE | crash KIND | filicide
 *   intr (interrupt every descendant) | intrset (install the runtime's counting interrupt handler)
 * </pre>
 *
 * Results are JSON objects: {"ret":N} plus "read"/"write" for pipe and "data" for read. A forked
 * child is a puppet too: it starts by reporting {"ret":0,"child":true}. A SHAREMEM child is a
 * thread, as in the seed: it gets a stack of its own and runs the thread puppet (user/thread_puppet.c,
 * a few commands, no Java), since this process's Java runtime cannot be shared. Addresses and
 * values are 64-bit: hex or decimal up to 2^64-1, or negative decimal ({@link Numbers#parse64}).
 */
public final class Puppet {
    private Puppet() {
    }

    /** The stack a thread puppet gets. */
    static final int THREAD_STACK = 16 * 1024;

    public static int main(String[] args) {
        byte[] command = new byte[4096];
        String result = "";
        while (true) {
            byte[] r = result.getBytes(StandardCharsets.UTF_8);
            long n = Sys.raw5(Syscall.PUPPET_NEXT, r.length == 0 ? 0 : Address.ofData(r).toLong(), r.length,
                    Address.ofData(command).toLong(), command.length, 0);
            if (n < 0) {
                System.out.println("puppet " + Sys.getpid() + ": puppet_next failed with " + n);
                return 1;
            }
            String[] words = new String(command, 0, (int) n, StandardCharsets.UTF_8).trim().split(" ", 3);
            try {
                result = execute(words);
            } catch (RuntimeException e) {
                result = "{\"ret\":-22,\"error\":\"" + escape(e.getClass().getSimpleName() + ": " + e.getMessage()) + "\"}";
            }
        }
    }

    private static String execute(String[] w) {
        switch (w[0]) {
            case "fork": {
                int flags = arg(w, 1);
                if ((flags & ForkFlags.SHAREMEM) != 0) {
                    return ret(thread(flags));
                }
                long pid = Sys.fork(flags);
                return pid == 0 ? "{\"ret\":0,\"child\":true}" : ret(pid);
            }
            case "await": return ret(Sys.await());
            case "exit":
                Sys.exit(arg(w, 1));
                return ret(-1);
            case "pipe": {
                int[] ends = new int[2];
                long r = Sys.pipe(ends);
                return r < 0 ? ret(r) : "{\"ret\":0,\"read\":" + ends[0] + ",\"write\":" + ends[1] + "}";
            }
            case "dup": return ret(Sys.dup(arg(w, 1), arg(w, 2)));
            case "close": return ret(Sys.close(arg(w, 1)));
            case "read": {
                /* at most 2048 bytes, each escaped to at most 6 characters: within the kernel's 16 KiB result limit */
                int len = Math.max(0, Math.min(arg(w, 2), 2048));
                byte[] buf = new byte[len];
                long r = Sys.read(arg(w, 1), buf, 0, len);
                return r < 0 ? ret(r) : "{\"ret\":" + r + ",\"data\":\""
                        + escape(new String(buf, 0, (int) r, StandardCharsets.UTF_8)) + "\"}";
            }
            case "write": return ret(Sys.write(arg(w, 1), w.length > 2 ? w[2] : ""));
            case "memflag": {
                String[] a = w.length > 2 ? (w[1] + " " + w[2]).split(" ") : new String[] {w[1]};
                return ret(Sys.memflag(Numbers.parse64(a[0]), Numbers.parse64(a[1]), Integer.parseInt(a[2])));
            }
            case "sleep": return ret(Sys.sleep(arg(w, 1)));
            case "getpid": return ret(Sys.getpid());
            case "touch": return ret(Address.fromLong(Numbers.parse64(w[1])).getLong());
            case "poke": {
                String[] a = (w[1] + " " + w[2]).split(" ");
                Address.fromLong(Numbers.parse64(a[0])).putLong(Numbers.parse64(a[1]));
                return ret(0);
            }
            case "crash": return ret(Sys.crash(arg(w, 1)));
            case "filicide": return ret(Sys.filicide());
            case "intr": return ret(Sys.intr());
            case "intrset": return ret(Sys.intrSet(Sys.interruptHandler()));
            default: return "{\"ret\":-38,\"error\":\"unknown puppet command " + escape(w[0]) + "\"}";
        }
    }

    /** A SHAREMEM fork: a stack for the child, then the fork; the stack goes back if the fork fails. */
    private static long thread(int flags) {
        Sys.flushConsole();
        long stack = Sys.memflag(0, THREAD_STACK, MemFlags.FINDFREE | MemFlags.PRESENT);
        if (stack < 0) {
            return stack;
        }
        long pid = Sys.threadFork(flags, stack, THREAD_STACK);
        if (pid < 0) {
            Sys.memflag(stack, THREAD_STACK, 0);
        }
        return pid;
    }

    private static int arg(String[] w, int i) {
        if (i >= w.length) {
            throw new IllegalArgumentException("missing argument " + i);
        }
        String s = i == w.length - 1 ? w[i] : w[i];
        int space = s.indexOf(' ');
        return Integer.parseInt(space < 0 ? s : s.substring(0, space));
    }

    private static String ret(long v) {
        return "{\"ret\":" + v + "}";
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
