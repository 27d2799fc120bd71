// Build a process tree, look at it, and check the kernel's invariants.
int tree = k.spawn("tree", "2", "3");
Thread.sleep(1500);
var ps = k.ps();
ps
Oolong.expect(ps.size() >= 1 + 1 + 3 + 9, "the tree has 13 processes under init");
k.proc(tree)
k.handles(tree)
k.pages(tree)
k.check()
