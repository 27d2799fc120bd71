package oolong.kernel.proc;

import oolong.kernel.mem.AddressSpace;

/**
 * The sharing count of an address space used by several processes (threads made with SHAREMEM):
 * the seed's pages_refcount. Like it, made only when a process first forks with SHAREMEM; a
 * process that never shared its address space has none (and is its only user), so a plain fork
 * allocates no count.
 */
final class SharedMemory {
    final AddressSpace space;
    int sharers = 1;

    SharedMemory(AddressSpace space) {
        this.space = space;
    }
}
