// A patch that fails every third write of one pid with EPIPE, while a puppet shows the effect.
class EveryThirdWrite implements Patch {
    public long decide(Event e, Maps m) {
        if (e.arg(0) != Syscall.WRITE || e.pid() != m.get(3, 0)) return PASS;
        m.add(0, 0, 1);                                   // writes seen
        return m.get(0, 0) % 3 == 0 ? -Errno.EPIPE : PASS;
    }
}
var writer = k.puppet();
int[] ends = writer.pipe();
var reader = writer.fork();                               // a second puppet holding the same pipe, to read it
var patch = k.patch("syscall:enter", EveryThirdWrite.class).put(3, 0, writer.pid());
var pending = reader.readAsync(ends[0], 100);             // a write waits for a reader
for (int i = 1; i <= 7; i++) {
    long r = writer.write(ends[1], "x" + i);
    if (r < 0) {
        System.out.println("write " + i + " -> -" + Errno.name(r));
        continue;
    }
    System.out.println("write " + i + " -> " + r + " bytes, the reader got '" + pending.join().path("result").path("data").asText() + "'");
    pending = reader.readAsync(ends[0], 100);
}
patch
patch.detach()
writer.write(ends[1], "after")
pending.join().path("result").path("data").asText()
k.filicide(writer.pid()); k.kill(writer.pid(), 0);
k.check()
