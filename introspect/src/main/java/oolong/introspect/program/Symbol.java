package oolong.introspect.program;

import oolong.introspect.debug.JavaMethod;

/**
 * What an address is in an image: the symbol it falls in (a C function, or data), the Java method
 * that function compiles (when it is one) and how far into it the address is. Prints as
 * {@code oolong.kernel.proc.Processes.kill(Process, long) + 0x1c}, or the C name for code that
 * is not Java ({@code k_panic_exit + 0x9}).
 */
public record Symbol(String image, String name, long start, long size, JavaMethod method, long address) {
    public long offset() {
        return address - start;
    }

    /** The Java method's name when there is one, else the C symbol. */
    public String what() {
        return method != null ? method.toString() : name;
    }

    @Override
    public String toString() {
        return what() + " + 0x" + Long.toHexString(offset());
    }
}
