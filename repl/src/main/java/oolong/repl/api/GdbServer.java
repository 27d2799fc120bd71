package oolong.repl.api;

import java.nio.file.Path;

/**
 * QEMU's gdbstub for this machine and the gdb command file that attaches to it with symbols
 * (vm.gdbserver()): run {@code scripts/oolong gdb PORT} or {@code gdb -x SCRIPT} in another terminal.
 */
public record GdbServer(int port, Path script) {
    @Override
    public String toString() {
        return "gdbstub on 127.0.0.1:" + port + "; attach from another terminal with: scripts/oolong gdb " + port
                + "   (or gdb -q -x " + script + ")";
    }
}
