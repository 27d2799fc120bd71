package oolong.qmp;

/** QEMU answered a command with an error: its error class (e.g. CommandNotFound) and description. */
public final class QmpException extends RuntimeException {
    private final String errorClass;
    private final String description;

    public QmpException(String errorClass, String description) {
        super(errorClass + ": " + description);
        this.errorClass = errorClass;
        this.description = description;
    }

    public String errorClass() {
        return errorClass;
    }

    public String description() {
        return description;
    }
}
