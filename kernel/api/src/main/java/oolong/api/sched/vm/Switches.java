package oolong.api.sched.vm;

/**
 * The interpreter's switches, each O(1) or O(log n) so that no single instruction's cost grows
 * beyond what the instruction budget can bound: tableswitch indexes its table; lookupswitch is a
 * binary search over the keys, which the verifier proved strictly ascending ({@link BranchTypes})
 * — a linear scan of a thousand sparse keys made one instruction cost ~1.7 us in the kernel.
 */
final class Switches {
    private Switches() {
    }

    /** The jump offset of the tableswitch at pc for `key` (the default's outside low..high). */
    static int table(byte[] code, int pc, int key) {
        int a = Bytecode.switchOperands(pc);
        int low = Bytecode.tableLow(code, a);
        int high = Bytecode.tableHigh(code, a);
        return key < low || key > high ? Bytecode.switchDefault(code, a) : Bytecode.tableOffset(code, a, key - low);
    }

    /** The jump offset of the lookupswitch at pc for `key` (the default's when no key matches). */
    static int lookup(byte[] code, int pc, int key) {
        int a = Bytecode.switchOperands(pc);
        int lo = 0;
        int hi = Bytecode.lookupPairs(code, a) - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int k = Bytecode.lookupKey(code, a, mid);
            if (k == key) {
                return Bytecode.lookupOffset(code, a, mid);
            }
            if (k < key) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return Bytecode.switchDefault(code, a);
    }
}
