// Killing init while it still has children is a kernel panic ("init killed prematurely", the
// seed's rule). The kernel prints its report (message, current process and its registers) and
// tells QEMU through the pvpanic device; QEMU pauses the machine, and the REPL reads the CPU's
// registers before anything resumes it. Then the session comes back: once from a snapshot taken
// before the panic (the same processes, the agent reconnected), once by rebooting.
//
//   scripts/oolong run scripts/faults/init-panic.jsh

var base = k.baseline();
int tree = k.spawn("tree", "2", "2");
for (int i = 0; i < 250 && k.ps().size() < 8; i++) Thread.sleep(20);
// init naps for up to a second when it had no children; wait until it awaits the tree, so that
// nothing changes between this list and the snapshot
for (int i = 0; i < 250 && !k.ps().pid(1).get().state().equals("WAITS4CHILDDEATH"); i++) Thread.sleep(20);
var before = k.ps();
before
vm.snapshot("with-tree")

// ---- 1. init dies at its next system call (fault injection), inside that call: a panic with a current process
k.faults().killAtSyscall(1, 1);
k.spawn("sleeper", "50");        // when it exits, init's await returns; init's next system call is fatal
for (int i = 0; i < 500 && vm.panic() == null; i++) Thread.sleep(20);
Oolong.expect(vm.panic() != null, "the kernel panicked");
System.out.println(vm.panic());
var report = vm.panicReport();
report.message()
report.currentProcess()
report.registers()
vm.status()
Oolong.expect(report.message().equals("init killed prematurely (it still has children)"), "the seed's panic message");
Oolong.expect(report.currentProcess().startsWith("pid 1 (init)"), "init was the current process");
Oolong.expect(report.registers() != null && report.registers().cpl() == 0, "the CPU's registers, stopped in the kernel");
Oolong.expect(vm.status().equals("guest-panicked"), "QEMU holds the machine");
try { k.ps(); Oolong.expect(false, "the agent should be gone"); } catch (IllegalStateException e) { System.out.println("k.ps() now: " + e.getMessage().lines().findFirst().orElse("")); }

// ---- 2. back to the snapshot: the same processes, the agent reconnected
vm.restore("with-tree")
var after = k.ps();
Oolong.expect(before.sameAs(after), "the restored tree is the one saved: " + before.differences(after));
vm.panic()
k.check()

// ---- 3. the forced kill from the REPL: the kernel was serving the agent, no process was current
try { k.kill(1, 0, true); } catch (IllegalStateException e) { System.out.println("the kill never got an answer: " + e.getMessage().lines().findFirst().orElse("")); }
vm.panicReport().currentProcess()
Oolong.expect(vm.panicReport().currentProcess().startsWith("none"), "no current process");
vm.reboot();
vm.status()
k.ps()
k.check()
k.leakReport(base)
