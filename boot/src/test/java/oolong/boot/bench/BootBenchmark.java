package oolong.boot.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Boot-time benchmark (run by scripts/bench-boot): boots the do-nothing floor kernel and the
 * Oolong kernel alternately, several times each, and prints medians and ratios measured in the
 * same run. Times are from starting the QEMU process to a line appearing on its serial console
 * (stdout) and to QEMU's exit.
 *
 * usage: BootBenchmark IMAGES_DIR FLOOR_ELF [RUNS]
 */
public final class BootBenchmark {
    private BootBenchmark() {
    }

    /** Milliseconds from QEMU start until the first line containing each marker, then until exit. */
    static double[] boot(List<String> command, String... markers) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        double[] times = new double[markers.length + 1];
        Arrays.fill(times, Double.NaN);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            int next = 0;
            for (String line; (line = in.readLine()) != null;) {
                while (next < markers.length && line.contains(markers[next])) {
                    times[next++] = (System.nanoTime() - start) / 1e6;
                }
            }
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                throw new IllegalStateException("QEMU did not exit");
            }
            times[markers.length] = (System.nanoTime() - start) / 1e6;
            if (next < markers.length) {
                throw new IllegalStateException("marker '" + markers[next] + "' never appeared");
            }
            return times;
        } finally {
            p.destroyForcibly();
        }
    }

    static List<String> qemu(String kernel, String initrd, String append) {
        List<String> cmd = new ArrayList<>(List.of("qemu-system-x86_64", "-accel", "tcg", "-m", "256", "-display", "none",
                "-no-reboot", "-nic", "none", "-monitor", "none", "-serial", "stdio",
                "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04", "-kernel", kernel));
        if (initrd != null) {
            cmd.addAll(List.of("-initrd", initrd, "-append", append));
        }
        return cmd;
    }

    static double median(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    public static void main(String[] args) throws Exception {
        Path images = Path.of(args[0]);
        String floor = args[1];
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        String kernel = images.resolve("kernel.elf").toString();
        String user = images.resolve("user.elf").toString();
        List<Double> floorFirst = new ArrayList<>();
        List<Double> floorExit = new ArrayList<>();
        List<Double> banner = new ArrayList<>();
        List<Double> selftestDone = new ArrayList<>();
        List<Double> exit = new ArrayList<>();
        boot(qemu(floor, null, null), "F");     /* warm the host's caches once */
        for (int i = 0; i < runs; i++) {
            double[] f = boot(qemu(floor, null, null), "F");
            floorFirst.add(f[0]);
            floorExit.add(f[1]);
            double[] k = boot(qemu(kernel, user, "selftest"), "booted in", " passed, ");
            banner.add(k[0]);
            selftestDone.add(k[1]);
            exit.add(k[2]);
        }
        double floorMs = median(floorFirst);
        System.out.printf(Locale.ROOT, "boot benchmark, QEMU/TCG, median of %d runs each (interleaved)%n", runs);
        System.out.printf(Locale.ROOT, "  floor kernel: first serial byte   %7.1f ms   (exit %.1f ms)%n", floorMs, median(floorExit));
        System.out.printf(Locale.ROOT, "  oolong: banner                   %7.1f ms   %5.1fx the floor%n", median(banner),
                median(banner) / floorMs);
        System.out.printf(Locale.ROOT, "  oolong: self-test done           %7.1f ms   %5.1fx the floor%n", median(selftestDone),
                median(selftestDone) / floorMs);
        System.out.printf(Locale.ROOT, "  oolong: QEMU exited              %7.1f ms%n", median(exit));
    }
}
