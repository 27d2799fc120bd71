// Page faults per process: a probe on mem:fault counts them by pid (map 0) and writes (map 1).
class Faults implements Probe {
    public void fire(Event e, Maps m) {
        m.add(0, e.pid(), 1);
        if (e.arg(1) == 1) m.add(1, e.pid(), 1);
    }
}
var faults = k.probe("mem:fault", Faults.class);
int tree = k.spawn("tree", "3", "2");
var p = k.puppet();
p.memflag(0x20_0000_0000L, 8 * 4096L, MemFlags.PRESENT);             // 8 demand-zero pages
for (int i = 0; i < 8; i++) p.poke(0x20_0000_0000L + i * 4096L, i);  // each first write faults once
Thread.sleep(2000);
var programs = new TreeMap<Integer, String>();
var ps = k.ps();
for (int i = 0; i < ps.size(); i++) programs.put(ps.get(i).pid(), ps.get(i).program());
faults.map().forEach((pid, n) -> System.out.printf("pid %3d %-10s %4d faults, %4d writes%n", pid,
        programs.getOrDefault(pid.intValue(), "(gone)"), n, faults.map(1).getOrDefault(pid, 0L)));
faults.detach()
k.filicide(tree); k.kill(tree, 0); k.kill(p.pid(), 0);
k.check()
