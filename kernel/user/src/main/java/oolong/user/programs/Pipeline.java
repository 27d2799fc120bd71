package oolong.user.programs;

import oolong.user.sys.Sys;

/**
 * A producer and a consumer over a pipe: {@code pipeline [MESSAGES]}. The parent forks a producer
 * that writes MESSAGES numbered lines and exits, reads them all, checks their order, and exits 0
 * when everything arrived intact.
 */
public final class Pipeline {
    private Pipeline() {
    }

    public static int main(String[] args) {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int[] ends = new int[2];
        long r = Sys.pipe(ends);
        if (r < 0) {
            System.out.println("pipeline: pipe failed: " + r);
            return 1;
        }
        long pid = Sys.fork(0);
        if (pid == 0) {
            Sys.close(ends[0]);
            for (int i = 0; i < messages; i++) {
                String line = "message " + i + "\n";
                if (Sys.write(ends[1], line) != line.length()) {
                    Sys.exit(1);
                }
            }
            Sys.exit(0);
        }
        Sys.close(ends[1]);
        StringBuilder received = new StringBuilder();
        byte[] buf = new byte[256];
        while (true) {
            long n = Sys.read(ends[0], buf, 0, buf.length);
            if (n <= 0) {
                break;
            }
            received.append(new String(buf, 0, (int) n, java.nio.charset.StandardCharsets.UTF_8));
        }
        long producer = Sys.await();
        String[] lines = received.toString().split("\n");
        int ok = 0;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].equals("message " + i)) {
                ok++;
            }
        }
        System.out.println("pipeline: " + ok + " of " + messages + " messages in order; producer exited " + producer);
        return ok == messages && producer == 0 ? 0 : 1;
    }
}
