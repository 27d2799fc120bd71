// A patch that fails every third write of one pid with EPIPE, while a puppet shows the effect.
class EveryThirdWrite implements Patch {
    public long decide(Event e, Maps m) {
        if (e.arg(0) != Syscall.WRITE || e.pid() != m.get(3, 0)) return PASS;
        m.add(0, 0, 1);                                   // writes seen
        return m.get(0, 0) % 3 == 0 ? -Errno.EPIPE : PASS;
    }
}
var p = k.puppet();
int[] ends = p.pipe();
var patch = k.patch("syscall:enter", EveryThirdWrite.class).put(3, 0, p.pid());
for (int i = 1; i <= 7; i++) {
    long r = p.write(ends[1], "x" + i);
    System.out.println("write " + i + " -> " + (r < 0 ? "-" + Errno.name(r) : r));
}
p.read(ends[0], 100)
patch
patch.detach()
p.write(ends[1], "after")
k.kill(p.pid(), 0);
k.check()
