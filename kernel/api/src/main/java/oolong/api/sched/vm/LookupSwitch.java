package oolong.api.sched.vm;

/**
 * The interpreter's lookupswitch: a binary search over the keys, which the verifier proved
 * strictly ascending. One instruction then costs O(log n) — a switch of a thousand sparse keys
 * cannot stretch a decision beyond what its instruction budget allows, as a linear scan did.
 */
final class LookupSwitch {
    private LookupSwitch() {
    }

    /** The jump offset for `key` of the lookupswitch at `pc` (the default's when no key matches). */
    static int offset(byte[] code, int pc, int key) {
        int a = (pc + 4) & ~3;
        int lo = 0;
        int hi = PolicyVerifier.s4(code, a + 4) - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int k = PolicyVerifier.s4(code, a + 8 + 8 * mid);
            if (k == key) {
                return PolicyVerifier.s4(code, a + 12 + 8 * mid);
            }
            if (k < key) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return PolicyVerifier.s4(code, a);
    }
}
