package oolong.kernel.exec;

/** A malformed or unsupported ELF image; the message says what is wrong. */
public final class ElfException extends Exception {
    public ElfException(String message) {
        super(message);
    }
}
