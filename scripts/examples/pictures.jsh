// Two pictures to project: the scheduler's timeline across policy swaps, and the process tree with its states.
// They go to the directory in the system property oolong.pictures (default /tmp); rsvg-convert turns them into PNGs.
String dir = System.getProperty("oolong.pictures", "/tmp");
int a = k.spawn("spin", "0", "q"), b = k.spawn("spin", "0", "q"), c = k.spawn("spin", "0", "q");
k.sched().use("round-robin");
k.sched().timeline();
Thread.sleep(1500);
k.sched().use("stride");
k.sched().weight(a, 1); k.sched().weight(b, 2); k.sched().weight(c, 3);
Thread.sleep(1500);
class Stuck implements Policy {
    public int pick(RunQueue q) {
        long n = 0;
        while (n >= 0) {
            n += q.size();
        }
        return 0;
    }
}
k.sched().install(Stuck.class, 5000);
Thread.sleep(1500);
var t = k.sched().timeline()
t.svg(dir + "/oolong-timeline.svg")
int tree = k.spawn("tree", "2", "2");
var p = k.puppet(); var child = p.fork();
k.kill(child.pid(), 3);
Thread.sleep(500);
k.ps()
k.ps().svg(dir + "/oolong-ps.svg")
k.kill(a, 0); k.kill(b, 0); k.kill(c, 0);
k.check()
