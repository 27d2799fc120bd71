// Trace kills with their exit codes: a probe on proc:kill counts deaths per exit code and remembers who died how.
class Kills implements Probe {
    public void fire(Event e, Maps m) {
        m.add(0, e.arg(1), 1);            // exit code -> how many died with it
        m.put(1, e.arg(0), e.arg(1));     // pid -> its exit code
        m.put(2, e.arg(0), e.arg(2));     // pid -> who killed it (0: the kernel or the agent)
    }
}
var kills = k.probe("proc:kill", Kills.class);
var a = k.puppet(); var b = k.puppet(); var c = k.puppet();
a.exit(3);
k.kill(b.pid(), 9);
int tree = k.spawn("tree", "2", "2");
Thread.sleep(500);
k.filicide(tree);
k.kill(tree, 15);
k.kill(c.pid(), 0);
Thread.sleep(500);
kills.map(0)
kills.map(1).forEach((pid, code) -> System.out.println("pid " + pid + " exit " + code + " (killed by " + kills.map(2).get(pid) + ")"));
kills.detach()
k.check()
