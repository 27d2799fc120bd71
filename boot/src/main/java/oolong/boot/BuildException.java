package oolong.boot;

/** A build failure with a message meant for the person running the build. */
public final class BuildException extends RuntimeException {
    public BuildException(String message) {
        super(message);
    }
}
