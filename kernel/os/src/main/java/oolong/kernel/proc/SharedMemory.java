package oolong.kernel.proc;

import oolong.kernel.mem.AddressSpace;

/** An address space and the number of processes using it (threads made with SHAREMEM). */
final class SharedMemory {
    final AddressSpace space;
    int sharers = 1;

    SharedMemory(AddressSpace space) {
        this.space = space;
    }
}
