package oolong.campaign.dev;

import java.nio.file.Path;
import java.util.List;
import oolong.campaign.exec.Executor;
import oolong.campaign.exec.Images;
import oolong.campaign.exec.Run;
import oolong.campaign.exec.Vm;
import oolong.campaign.prog.Generator;
import oolong.campaign.prog.Program;

public class Smoke {
    public static void main(String[] args) throws Exception {
        Images images = Images.in(Path.of(args[0]), true);
        long from = Long.parseLong(args[1]);
        long to = Long.parseLong(args[2]);
        String append = args.length > 3 ? args[3] : "";
        try (Vm vm = new Vm(images, append, 256, List.of())) {
            Executor ex = new Executor(vm);
            long t0 = System.nanoTime();
            int n = 0;
            long steps = 0;
            for (long seed = from; seed <= to; seed++) {
                Program p = Generator.generate(seed);
                Run r = ex.run(p);
                n++;
                steps += r.executed().size();
                if (seed == from) {
                    System.out.println(p + "observed: " + r.observed() + "\ncoverage " + (r.coverage() == null ? 0 : r.coverage().cardinality()));
                }
                if (!r.clean()) {
                    System.out.println("seed " + seed + ": " + (r.finding() != null ? r.finding() : "HARNESS " + r.harnessError()));
                    System.out.println(p);
                }
            }
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("%d programs (%d steps) in %.1f s (%.2f/s), boots %d%n", n, steps, s, n / s, vm.boots());
        }
    }
}
