package oolong.repl.api;

import java.util.List;

/**
 * The kernel's page list for a process compared with what the CPU would translate (QEMU's walk
 * of the same page tables): every user page the kernel lists must be present there with the same
 * frame and permissions, and the hardware must map no user page the kernel does not list.
 */
public record PageCheck(int pid, long cr3, int pagesCompared, List<String> differences) {
    public boolean ok() {
        return differences.isEmpty();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("pid " + pid + " (CR3 0x" + Long.toHexString(cr3) + "): " + pagesCompared
                + " user pages compared with the hardware, " + (ok() ? "no difference" : differences.size() + " DIFFERENCE(S)"));
        for (String d : differences.subList(0, Math.min(differences.size(), 50))) {
            sb.append("\n  ! ").append(d);
        }
        if (differences.size() > 50) {
            sb.append("\n  ... and ").append(differences.size() - 50).append(" more");
        }
        return sb.toString();
    }
}
