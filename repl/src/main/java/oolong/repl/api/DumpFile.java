package oolong.repl.api;

import java.nio.file.Path;

/** A dump vm.dump(path) wrote: where, how big, how long it took. Open it with scripts/oolong open PATH. */
public record DumpFile(Path path, long bytes, long millis) {
    @Override
    public String toString() {
        return "dumped " + (bytes >> 20) + " MiB to " + path + " in " + millis + " ms (open it offline: scripts/oolong open "
                + path + ")";
    }
}
