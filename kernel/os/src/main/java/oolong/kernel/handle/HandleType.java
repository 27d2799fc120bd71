package oolong.kernel.handle;

/** What a handle refers to. */
public enum HandleType {
    /** One end of a pipe. */
    PIPE,
    /** The front of a filesystem: the null filesystem and a process's procfs (inert until user-space filesystems exist). */
    FS_FRONT
}
