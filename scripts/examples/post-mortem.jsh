// A post-mortem (docs/introspection.md): panic the kernel on purpose, then look at it without
// its help: the process tree and the kernel's stack read from memory, a dump for later.
// The wait lets the tree settle: no process running, init awaiting its children (with none it
// naps for up to a second). Open the dump offline afterwards: scripts/oolong open /tmp/oolong-panic.core scripts/examples/post-mortem-offline.jsh
int tree = k.spawn("tree", "2", "2");
while (k.ps().size() < 8 || k.ps().stream().anyMatch(p -> p.state().equals("RUNNING") || p.pid() == 1 && p.state().equals("WAITS4TIMER"))) Thread.sleep(50);
k.ps()
try { k.kill(1, 9, true); } catch (IllegalStateException e) { System.out.println(e.getMessage().lines().findFirst().orElse("")); }
vm.status()
System.out.println(vm.panic())
vm.core().ps()
vm.backtrace()
vm.core().proc(1)
vm.dump("/tmp/oolong-panic.core")
