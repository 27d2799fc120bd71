// Kill an inner node of a tree and watch the seed's reaping rules: its children keep running,
// it waits to be reaped, becomes a tombstone, and disappears when its last child dies.
int root = k.spawn("tree", "2", "2");
Thread.sleep(1500);
k.ps()
int inner = k.ps().children(root).get(0).pid();
var kids = k.ps().children(inner);
kids
k.kill(inner, 9);
Thread.sleep(300);
k.ps()
System.out.println("pid " + inner + " is now " + k.ps().pid(inner).map(p -> p.state()).orElse("gone") + "; its children are still running");
k.events()
for (var c : kids) { k.kill(c.pid(), 0); }
Thread.sleep(500);
System.out.println("after its last child died: pid " + inner + " is " + k.ps().pid(inner).map(p -> p.state()).orElse("gone"));
k.ps()
k.filicide(root)
k.kill(root, 0);
k.check()
