package oolong.kernel.platform;

/**
 * Where saved registers get their memory: physical frames of 4 KiB (the kernel's frame allocator,
 * so that its accounting and its fault point cover them like any other frame).
 */
public interface FrameSource {
    /** A frame's physical address, or a negative number when none is left. */
    long allocate();

    /** Drops a reference to the frame (it is free again at none); returns the references left. */
    int release(long frame);
}
