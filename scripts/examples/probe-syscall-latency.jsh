// A histogram of system-call latency per program: one probe on syscall:exit, one histogram per pid, grouped by program.
class Latency implements Probe {
    public void fire(Event e, Maps m) {
        m.hist(0, e.pid(), e.arg(2));     // arg(2): nanoseconds the call took
        m.add(1, e.arg(0), 1);            // calls per system call number
    }
}
var lat = k.probe("syscall:exit", Latency.class);
var names = new TreeMap<Long, String>();
for (int i = 0; i < 3; i++) { int pid = k.spawn("pipeline", "200"); names.put((long) pid, "pipeline"); }
var puppet = k.puppet();
names.put((long) puppet.pid(), "puppet");
for (int i = 0; i < 50; i++) puppet.getpid();
for (int t = 0; t < 10; t++) {                    // who is who, while they run (the pipelines fork)
    Thread.sleep(200);
    var ps = k.ps();
    for (int i = 0; i < ps.size(); i++) names.putIfAbsent((long) ps.get(i).pid(), ps.get(i).program());
}
var perProgram = new TreeMap<String, Map<Long, Long>>();
lat.histograms(0).forEach((pid, h) -> h.buckets().forEach((b, n) ->
        perProgram.computeIfAbsent(names.getOrDefault(pid, "other"), x -> new TreeMap<>()).merge(b, n, Long::sum)));
perProgram.forEach((program, buckets) -> System.out.println(new Histogram(program + " (ns)", buckets)));
lat.map(1)
lat.detach()
k.kill(puppet.pid(), 0);
k.check()
