// Killing processes that are blocked in the kernel: on a pipe (reading or writing), on a timer
// (sleeping), awaiting a child. A kill must take the process out of whatever queue it waits in,
// close its handles (which may wake the other end: EOF or EPIPE), leave everyone else's waits
// intact, and leak nothing.
//
//   scripts/oolong run scripts/faults/kill-blocked.jsh

var base = k.baseline();

/** Waits (up to 10 s) until a process is in the given state. */
void waitState(int pid, String state) throws InterruptedException {
    for (int i = 0; i < 500; i++) {
        var p = k.ps().pid(pid);
        if (p.isPresent() && p.get().state().equals(state)) return;
        Thread.sleep(20);
    }
    throw new AssertionError("pid " + pid + " never reached " + state + ":\n" + k.ps());
}

long retOf(java.util.concurrent.CompletableFuture<PuppetReply> f) throws Exception {
    var r = f.get(10, java.util.concurrent.TimeUnit.SECONDS);
    return r.exited() ? Long.MIN_VALUE : r.ret();
}

// ---- 1. a reader blocked on a pipe is killed: it leaves the pipe's queue; the pipe still works
var p = k.puppet();
int[] e = p.pipe();
var reader = p.fork();
var pending = reader.readAsync(e[0], 32);
waitState(reader.pid(), "WAITS4PIPE");
k.handles(p.pid())
k.kill(reader.pid(), 9);
System.out.println("the blocked read ends with: " + pending.get());
Oolong.expect(k.handles(p.pid()).slot(e[0]).blocked().isEmpty(), "nobody waits on the pipe any more");
Oolong.expect(p.await() == 9, "its parent collects exit 9");
var reader2 = p.fork();
var pending2 = reader2.readAsync(e[0], 32);
waitState(reader2.pid(), "WAITS4PIPE");
p.write(e[1], "still-works")
Oolong.expect("still-works".equals(pending2.get().data()), "a new reader gets the next write");

// ---- 2. a writer blocked on a pipe is killed: its bytes are never delivered; the next writer's are
var writer = p.fork();
var pendingWrite = writer.writeAsync(e[1], "never-read");
waitState(writer.pid(), "WAITS4PIPE");
k.kill(writer.pid(), 0);
System.out.println("the blocked write ends with: " + pendingWrite.get());
var got = reader2.readAsync(e[0], 32);
waitState(reader2.pid(), "WAITS4PIPE");
p.write(e[1], "fresh")
Oolong.expect("fresh".equals(got.get().data()), "the killed writer's bytes are gone");
k.filicide(p.pid());
k.kill(p.pid(), 0);

// ---- 3. a writer waits; the last holder of the read end is killed: the write fails with EPIPE
var q = k.puppet();
int[] f = q.pipe();
var onlyReader = q.fork();
q.close(f[0]);                 // now only the child holds the read end
onlyReader.close(f[1]);
var blockedWrite = q.writeAsync(f[1], "hello?");
waitState(q.pid(), "WAITS4PIPE");
k.kill(onlyReader.pid(), 0);
long w = retOf(blockedWrite);
System.out.println("the waiting write returns " + w + " (" + Errno.name(w) + ")");
Oolong.expect(w == -Errno.EPIPE, "EPIPE once no reader is left");

// ---- 4. a reader waits; the last writer is killed: the read returns 0 (end of data)
int[] g = q.pipe();
var onlyWriter = q.fork();
onlyWriter.close(g[0]);
q.close(g[1]);
var blockedRead = q.readAsync(g[0], 16);
waitState(q.pid(), "WAITS4PIPE");
k.kill(onlyWriter.pid(), 0);
long rd = retOf(blockedRead);
System.out.println("the waiting read returns " + rd + " (end of data)");
Oolong.expect(rd == 0, "0 once no writer is left");
k.handles(q.pid())
k.filicide(q.pid());
k.kill(q.pid(), 0);

// ---- 5. three sleepers; the middle one is killed: the others still wake on time, in order
var s1 = k.puppet(); var s2 = k.puppet(); var s3 = k.puppet();
s1.getpid(); s2.getpid(); s3.getpid();
long t0 = System.nanoTime();
// (seconds apart, so that the middle one is still asleep when it is killed even on a loaded host)
var f1 = s1.sleepAsync(1000); var f2 = s2.sleepAsync(2000); var f3 = s3.sleepAsync(3000);
waitState(s2.pid(), "WAITS4TIMER");
k.kill(s2.pid(), 5);
System.out.println("killed sleeper: " + f2.get());
long r1 = retOf(f1); long ms1 = (System.nanoTime() - t0) / 1_000_000;
long r3 = retOf(f3); long ms3 = (System.nanoTime() - t0) / 1_000_000;
System.out.println("the others woke: " + r1 + " after " + ms1 + " ms, " + r3 + " after " + ms3 + " ms");
Oolong.expect(r1 == 0 && r3 == 0 && ms1 >= 1000 && ms3 >= 3000 && ms3 < 20000, "the other sleepers wake on time");
k.kill(s1.pid(), 0); k.kill(s3.pid(), 0);
int sleeper = k.spawn("sleeper", "600000");
waitState(sleeper, "WAITS4TIMER");
k.kill(sleeper, 3)

// ---- 6. a parent blocked in await: its child is killed (the await returns the code); then a
// ---- waiting parent is killed itself (its child lives on under a dead parent)
var parent = k.puppet();
var kid = parent.fork();
var awaiting = parent.awaitAsync();
waitState(parent.pid(), "WAITS4CHILDDEATH");
k.kill(kid.pid(), 42);
Oolong.expect(retOf(awaiting) == 42, "await returns the killed child's code");
var kid2 = parent.fork();
var awaiting2 = parent.awaitAsync();
waitState(parent.pid(), "WAITS4CHILDDEATH");
k.kill(parent.pid(), 7);
System.out.println("the awaiting parent: " + awaiting2.get());
k.ps()
Oolong.expect(k.ps().pid(kid2.pid()).get().alive(), "the child lives on");
Oolong.expect(kid2.getpid() == kid2.pid(), "and still answers");
k.kill(kid2.pid(), 0);
k.ps()
for (int i = 0; i < 200 && k.ps().pid(parent.pid()).isPresent(); i++) Thread.sleep(20);   // init reaps it (it sleeps 1 s between awaits)
Oolong.expect(k.ps().pid(parent.pid()).isEmpty(), "init collected the dead parent");

k.check()
k.leakReport(base)
