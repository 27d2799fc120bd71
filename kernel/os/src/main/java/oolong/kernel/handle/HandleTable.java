package oolong.kernel.handle;

import oolong.api.Errno;

/**
 * A process's table of {@value #SIZE} handle slots, shared and refcounted between processes forked
 * with SHAREHANDLE. Slot operations follow the seed's proc_handle_* functions.
 */
public final class HandleTable {
    public static final int SIZE = 16;

    private final Handles handles;
    /**
     * The slots, made on the first handle put in: most processes never hold one (a fork of an
     * empty table, a spawn), and a table without its array is one object fewer per process to
     * allocate, zero, mark and move (issue 16's process-model cost). Null means all slots empty.
     */
    private Handle[] slots;
    /**
     * Every slot from here on is empty (a bound, not exact: closing does not lower it). A fork
     * copies the table and a death empties it, both in the hot path of fork/kill/reap, and most
     * tables use their first few slots: the loops stop here instead of at {@value #SIZE}.
     */
    private int bound;
    /** How many processes use this table (SHAREHANDLE). */
    int sharers = 1;
    private boolean freed;

    HandleTable(Handles handles) {
        this.handles = handles;
    }

    public int sharers() {
        return sharers;
    }

    public void share() {
        sharers++;
    }

    /** Drops one sharer; the last one closes every handle and retires the table. Returns whether it was the last. */
    public boolean unshare() {
        if (sharers <= 0 || freed) {
            throw new oolong.kernel.error.KernelBug("handle table released too often");
        }
        sharers--;
        if (sharers > 0) {
            return false;
        }
        for (int i = 0; i < bound; i++) {
            Handle h = slots[i];
            if (h != null) {
                slots[i] = null;
                handles.release(h);
            }
        }
        freed = true;
        handles.tableFreed();
        return true;
    }

    public boolean freed() {
        return freed;
    }

    /** A copy for a forked child without SHAREHANDLE: every handle gains a reference. */
    public HandleTable copy() {
        HandleTable t = handles.newTable();
        if (bound > 0) {
            Handle[] copied = t.slotsForWriting();
            for (int i = 0; i < bound; i++) {
                if (slots[i] != null) {
                    handles.retain(slots[i]);
                    copied[i] = slots[i];
                }
            }
            t.bound = bound;
        }
        return t;
    }

    private Handle[] slotsForWriting() {
        if (slots == null) {
            slots = new Handle[SIZE];
        }
        return slots;
    }

    /** Slot i is about to hold a handle. */
    private void using(int i) {
        if (i >= bound) {
            bound = i + 1;
        }
    }

    /** The first free slot at or after start, or -1. */
    public int findFree(int start) {
        if (slots == null) {
            return start < SIZE ? Math.max(0, start) : -1;
        }
        for (int i = Math.max(0, start); i < SIZE; i++) {
            if (slots[i] == null) {
                return i;
            }
        }
        return -1;
    }

    /** The handle in a slot (null when empty or out of range); special ids are resolved by the process. */
    public Handle slot(int id) {
        return id >= 0 && id < SIZE && slots != null ? slots[id] : null;
    }

    /**
     * Installs a handle in the first free slot from 1 (slot 0 is left for dup), taking ownership of
     * one reference; -EMFILE (and the handle released) when the table is full. The seed's proc_handle_put.
     */
    public int put(Handle h) {
        int slot = findFree(1);
        if (slot < 0) {
            handles.retain(h);
            handles.release(h);
            return -Errno.EMFILE;
        }
        handles.retain(h);
        slotsForWriting()[slot] = h;
        using(slot);
        return slot;
    }

    /**
     * Copies a handle into another slot (the seed's proc_handle_dup): to = -1 takes the first free
     * slot from 0 (-EMFILE when full); to out of range is -EBADF; a handle already in the target
     * slot is closed first; dup onto itself does nothing. `from` is the resolved handle; unlike
     * the seed (which then clears the target slot), an invalid source is -EBADF and changes nothing.
     */
    public int dup(Handle from, int fromId, int to) {
        if (from == null) {
            return -Errno.EBADF;
        }
        if (to < 0) {
            to = findFree(0);
            if (to < 0) {
                return -Errno.EMFILE;
            }
        } else if (to >= SIZE) {
            return -Errno.EBADF;
        }
        if (to == fromId) {
            return to;
        }
        handles.retain(from);
        Handle[] slots = slotsForWriting();
        Handle old = slots[to];
        slots[to] = from;
        using(to);
        if (old != null) {
            if (oolong.kernel.plant.PlantedBugs.refcount && sharers > 1 && old.pipe != null && old.pipe == from.pipe
                    && old != from) {
                /* PLANTED BUG (plant=refcount, test only; see PlantedBugs): the replaced end keeps its reference */
                return to;
            }
            handles.release(old);
        }
        return to;
    }

    /** Removes a handle from its slot without dropping its reference (the caller now owns it). */
    public Handle take(int id) {
        if (id < 0 || id >= SIZE || slots == null) {
            return null;
        }
        Handle h = slots[id];
        slots[id] = null;
        return h;
    }

    /** Closes a slot: false (EBADF) when it was empty or out of range. */
    public boolean close(int id) {
        Handle h = take(id);
        if (h == null) {
            return false;
        }
        handles.release(h);
        return true;
    }

    public int count() {
        int n = 0;
        for (int i = 0; i < bound; i++) {
            if (slots[i] != null) {
                n++;
            }
        }
        return n;
    }
}
