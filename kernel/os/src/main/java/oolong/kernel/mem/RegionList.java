package oolong.kernel.mem;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The regions of one user address space: sorted by start, never overlapping. Lookups are a binary
 * search and allocate nothing (the page-fault path asks here); changes (map, unmap, fork) may.
 */
final class RegionList {
    private final ArrayList<Region> regions = new ArrayList<>();

    List<Region> view() {
        return Collections.unmodifiableList(regions);
    }

    int size() {
        return regions.size();
    }

    /** The region containing {@code address}, or null. */
    Region find(long address) {
        int lo = 0;
        int hi = regions.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Region r = regions.get(mid);
            if (address < r.start) {
                hi = mid - 1;
            } else if (address >= r.end) {
                lo = mid + 1;
            } else {
                return r;
            }
        }
        return null;
    }

    /** Whether [start, end) overlaps any region. */
    boolean overlaps(long start, long end) {
        for (int i = 0; i < regions.size(); i++) {
            Region r = regions.get(i);
            if (r.start < end && start < r.end) {
                return true;
            }
        }
        return false;
    }

    /** Adds a region that overlaps none. */
    void insert(Region region) {
        int i = 0;
        while (i < regions.size() && regions.get(i).start < region.start) {
            i++;
        }
        regions.add(i, region);
    }

    /** Takes [start, end) out of every region it touches, splitting those that stick out on either side. */
    void remove(long start, long end) {
        for (int i = 0; i < regions.size(); i++) {
            Region r = regions.get(i);
            if (r.end <= start || r.start >= end) {
                continue;
            }
            regions.remove(i);
            if (r.end > end) {
                regions.add(i, r.withRange(end, r.end));
            }
            if (r.start < start) {
                regions.add(i, r.withRange(r.start, start));
                i++;
            }
            i--;
        }
    }

    /**
     * The lowest free page-aligned range of {@code length} bytes (a multiple of the page) at or above
     * {@code candidate} (page-aligned, in user space), or ENOMEM.
     */
    long findFree(long candidate, long length) {
        for (int i = 0; i < regions.size(); i++) {
            Region r = regions.get(i);
            if (r.end <= candidate) {
                continue;
            }
            if (r.start >= candidate && r.start - candidate >= length) {
                return candidate;
            }
            candidate = Math.max(candidate, r.end);
        }
        if (candidate < UserLayout.USER_TOP && UserLayout.USER_TOP - candidate >= length) {
            return candidate;
        }
        return MemStatus.ENOMEM;
    }

    /** Every region of another list (a fork's child starts with its parent's). */
    void copyFrom(RegionList other) {
        regions.addAll(other.regions);
    }

    void clear() {
        regions.clear();
    }
}
