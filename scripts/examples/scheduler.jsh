// Swap scheduling policies while three processes spin; write one in the REPL; watch a broken one get thrown out.
int a = k.spawn("spin", "0", "q"), b = k.spawn("spin", "0", "q"), c = k.spawn("spin", "0", "q");
k.sched().use("stride");
k.sched().weight(a, 1); k.sched().weight(b, 2); k.sched().weight(c, 3);
Thread.sleep(2000);
k.sched().timeline()
class Fair implements Policy {
    public int pick(RunQueue q) {
        int best = 0;
        for (int i = 0; i < q.size(); i++) {
            if (q.sinceRun(i) >= 50) return i;      // nobody waits longer than 50 ticks
            if (q.cpuMicros(i) < q.cpuMicros(best)) best = i;
        }
        return best;
    }
}
k.sched().install(Fair.class)
Thread.sleep(2000);
k.sched().timeline()
k.sched()
class Stuck implements Policy {
    public int pick(RunQueue q) {
        long n = 0;
        while (n >= 0) {
            n += q.size();
        }
        return 0;
    }
}
k.sched().install(Stuck.class, 5000)
Thread.sleep(500);
Oolong.expect(k.sched().policy().equals("Fair"), "the broken policy was thrown out and Fair is back");
k.sched()
class Clocked implements Policy {
    public int pick(RunQueue q) {
        return (int) (System.nanoTime() % q.size());
    }
}
try { k.sched().install(Clocked.class); } catch (IllegalArgumentException e) { System.out.println(e.getMessage()); }
k.kill(a, 0); k.kill(b, 0); k.kill(c, 0);
k.check()
