package oolong.campaign.exec;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The images a campaign boots: the kernel (the coverage build, kernel-coverage.elf, unless
 * coverage is off) and the user image, from the build's image directory (boot/target/images).
 */
public record Images(Path kernel, Path user, Path coverageMap) {
    public static Images in(Path dir, boolean coverage) {
        Path user = dir.resolve("user.elf");
        Path covKernel = dir.resolve("kernel-coverage.elf");
        Path map = dir.resolve("kernel-coverage-map.tsv");
        if (!Files.exists(user)) {
            throw new IllegalArgumentException("no user image in " + dir + " (build with: scripts/oolong build)");
        }
        if (coverage) {
            if (!Files.exists(covKernel) || !Files.exists(map)) {
                throw new IllegalArgumentException("no coverage kernel in " + dir + " (kernel-coverage.elf and its map: "
                        + "scripts/oolong campaign builds them unless --no-build; or run with --no-coverage)");
            }
            return new Images(covKernel, user, map);
        }
        Path kernel = dir.resolve("kernel.elf");
        if (!Files.exists(kernel)) {
            throw new IllegalArgumentException("no kernel image in " + dir + " (build with: scripts/oolong build)");
        }
        return new Images(kernel, user, null);
    }

    public boolean coverage() {
        return coverageMap != null;
    }
}
