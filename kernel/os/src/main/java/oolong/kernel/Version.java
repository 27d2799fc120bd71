package oolong.kernel;

/** The kernel's version; a host test keeps it equal to the Maven project version. */
public final class Version {
    public static final String NUMBER = "0.1.0-SNAPSHOT";
    public static final String NAME = "Oolong " + NUMBER;

    private Version() {
    }
}
