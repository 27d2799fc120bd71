package oolong.kernel.agent;

/** What the agent's channel to the host counts (the virtio port's bytes), for {@code stats}. */
public interface ChannelCounters {
    long bytesIn();

    long bytesOut();

    /** Bytes the kernel had to drop because the host did not take them in time. */
    long bytesDropped();
}
