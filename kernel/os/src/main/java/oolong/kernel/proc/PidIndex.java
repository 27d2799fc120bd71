package oolong.kernel.proc;

import oolong.kernel.error.KernelBug;
/**
 * The pid index: pid -> process, as an open-addressing hash table of two parallel arrays (linear
 * probing, deletion by backward shift, so no tombstones). Unlike a HashMap&lt;Integer, Process&gt;
 * it allocates nothing per insert (no boxed key, no entry node); it allocates only when it grows,
 * doubling at half full. Pids are positive; 0 marks an empty slot. Tested against HashMap
 * (PidIndexProperties).
 */
final class PidIndex {
    private static final int MIN_CAPACITY = 64;

    private int[] keys = new int[MIN_CAPACITY];
    private Process[] values = new Process[MIN_CAPACITY];
    private int size;

    int size() {
        return size;
    }

    /** The slot count; with {@link #at} walks every entry. */
    int capacity() {
        return keys.length;
    }

    /** The process in a slot, or null when the slot is empty. */
    Process at(int slot) {
        return values[slot];
    }

    private static int home(int pid, int mask) {
        return (pid * 0x9E3779B9 >>> 7) & mask;     /* Fibonacci hashing: consecutive pids spread out */
    }

    Process get(int pid) {
        int mask = keys.length - 1;
        for (int i = home(pid, mask);; i = (i + 1) & mask) {
            int k = keys[i];
            if (k == pid) {
                return values[i];
            }
            if (k == 0) {
                return null;
            }
        }
    }

    /** Adds or replaces the process of a pid (positive). */
    void put(int pid, Process p) {
        if (pid <= 0) {
            throw new KernelBug("pid index: pid " + pid);
        }
        if (2 * (size + 1) > keys.length) {
            resize(keys.length * 2);
        }
        int mask = keys.length - 1;
        int i = home(pid, mask);
        while (keys[i] != 0 && keys[i] != pid) {
            i = (i + 1) & mask;
        }
        if (keys[i] == 0) {
            keys[i] = pid;
            size++;
        }
        values[i] = p;
    }

    /** Removes a pid; returns its process, or null when it was not there. */
    Process remove(int pid) {
        int mask = keys.length - 1;
        int i = home(pid, mask);
        while (keys[i] != pid) {
            if (keys[i] == 0) {
                return null;
            }
            i = (i + 1) & mask;
        }
        Process removed = values[i];
        /* backward shift: move later entries of the run into the hole when that is nearer their home */
        int hole = i;
        for (int j = (i + 1) & mask; keys[j] != 0; j = (j + 1) & mask) {
            int h = home(keys[j], mask);
            if (((j - h) & mask) >= ((j - hole) & mask)) {
                keys[hole] = keys[j];
                values[hole] = values[j];
                hole = j;
            }
        }
        keys[hole] = 0;
        values[hole] = null;
        size--;
        return removed;
    }

    private void resize(int capacity) {
        int[] oldKeys = keys;
        Process[] oldValues = values;
        keys = new int[capacity];
        values = new Process[capacity];
        int mask = capacity - 1;
        for (int s = 0; s < oldKeys.length; s++) {
            if (oldKeys[s] != 0) {
                int i = home(oldKeys[s], mask);
                while (keys[i] != 0) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[s];
                values[i] = oldValues[s];
            }
        }
    }
}
