package oolong.kernel.exec;

import java.nio.charset.StandardCharsets;
import oolong.kernel.mem.MemStatus;
import oolong.kernel.mem.MemoryManager;
import oolong.kernel.mem.UserAddressSpace;
import oolong.kernel.mem.UserLayout;

/**
 * Starts a program of the user image: a fresh address space holding the image, its runtime arena
 * and stack, with the arguments on the stack. The process enters the image's _start with
 * rdi = argc and rsi = argv (boot/src/main/native/user/crt.S).
 */
public final class ProgramLoader {
    /** Limits on what a spawn may pass, so a caller cannot exhaust the stack page or the kernel. */
    public static final int MAX_ARGS = 64;
    public static final int MAX_ARG_BYTES = 3072;

    /** A loaded program, ready to run; or why it could not be loaded (a negative errno, a MemStatus). */
    public static final class Loaded {
        public final UserAddressSpace space;
        public final long entry;
        public final long stackPointer;
        public final int argc;
        public final long argv;
        public final int error;

        Loaded(UserAddressSpace space, long entry, long stackPointer, int argc, long argv) {
            this.space = space;
            this.entry = entry;
            this.stackPointer = stackPointer;
            this.argc = argc;
            this.argv = argv;
            this.error = MemStatus.OK;
        }

        private Loaded(int error) {
            this.space = null;
            this.entry = 0;
            this.stackPointer = 0;
            this.argc = 0;
            this.argv = 0;
            this.error = error;
        }

        public boolean ok() {
            return space != null;
        }
    }

    private final MemoryManager memory;
    private final ElfImage image;

    public ProgramLoader(MemoryManager memory, ElfImage image) {
        this.memory = memory;
        this.image = image;
    }

    /** Loads the image with these arguments (argv[0] names the program); on failure, a result without a space and with the error. */
    public Loaded load(String[] argv) {
        if (argv.length == 0 || argv.length > MAX_ARGS) {
            return new Loaded(MemStatus.EINVAL);
        }
        int bytes = 0;
        byte[][] encoded = new byte[argv.length][];
        for (int i = 0; i < argv.length; i++) {
            encoded[i] = argv[i].getBytes(StandardCharsets.UTF_8);
            bytes += encoded[i].length + 1;
        }
        if (bytes > MAX_ARG_BYTES) {
            return new Loaded(MemStatus.EINVAL);
        }
        UserAddressSpace space = memory.createAddressSpace();
        if (space == null) {
            return new Loaded(MemStatus.ENOMEM);
        }
        int st = image.loadProcess(space);
        long sp = UserLayout.STACK_TOP;
        long[] pointers = new long[argv.length + 1];
        for (int i = argv.length - 1; i >= 0 && st == MemStatus.OK; i--) {
            byte[] s = encoded[i];
            sp -= s.length + 1;
            pointers[i] = sp;
            st = space.write(sp, s, 0, s.length);
            if (st == MemStatus.OK) {
                st = space.write(sp + s.length, ZERO, 0, 1);
            }
        }
        sp &= ~15L;
        sp -= 8L * pointers.length;
        sp &= ~15L;
        long argvAddress = sp;
        for (int i = 0; i < pointers.length && st == MemStatus.OK; i++) {
            st = space.writeLong(argvAddress + 8L * i, pointers[i]);
        }
        if (st != MemStatus.OK) {
            space.free();
            return new Loaded(st);
        }
        return new Loaded(space, image.entry(), argvAddress - 16, argv.length, argvAddress);
    }

    private static final byte[] ZERO = {0};
}
