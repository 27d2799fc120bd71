// A filicide storm: trees are spawned and filicided at random depths while they are still
// forking (and while 1 fork in 4 is refused), then a puppet family filicides itself from user
// space. Filicide kills every descendant deepest first; direct children stay awaitable, deeper
// ones become NOREAP. The kernel's check runs after every step; at the end nothing has leaked.
//
//   scripts/oolong run scripts/faults/filicide-storm.jsh

var base = k.baseline();

/** The pids under root (live or dead), in tree order. */
List<Integer> under(int root) {
    var out = new ArrayList<Integer>();
    var inside = new HashSet<Integer>(Set.of(root));
    for (var p : k.ps()) {
        if (inside.contains(p.ppid()) && p.pid() != root) { inside.add(p.pid()); out.add(p.pid()); }
    }
    return out;
}

void settle(int root, int expected) throws InterruptedException {
    for (int i = 0; i < 250 && under(root).size() < expected; i++) Thread.sleep(20);
}

void checked(String what) {
    var c = k.check();
    if (!c.ok()) throw new AssertionError("after " + what + ": " + c);
}

// ---- 1. one tree, looked at closely: filicide of a middle node
int tree = k.spawn("tree", "3", "3");
settle(tree, 39);
System.out.println("tree " + tree + ": " + (under(tree).size() + 1) + " processes");
int middle = k.ps().children(tree).get(0).pid();
var killed = k.filicide(middle);
System.out.println("filicide(" + middle + ") killed " + killed.size() + " (3 children and 9 grandchildren): " + killed);
Oolong.expect(killed.size() == 12, "3 + 9 descendants");
Thread.sleep(200);
System.out.println(k.ps().stream().filter(p -> p.pid() == middle || p.ppid() == middle).map(Object::toString).collect(java.util.stream.Collectors.joining("\n")));
checked("filicide of a middle node");
k.filicide(tree);
k.kill(tree, 0);
checked("filicide of the root");

// ---- 2. the storm: trees spawned and filicided at random while they fork; 1 fork in 4 refused
var rnd = new Random(2026);
int stormRoot = k.spawn("sleeper", "600000");
k.faults().prepare("process-alloc").forSubtree(stormRoot).probability(0.25).seed(3).on();
int filicides = 0, spawned = 0, refused = 0, kills = 0;
for (int round = 0; round < 40; round++) {
    int depth = 1 + rnd.nextInt(3), fanout = 1 + rnd.nextInt(3);
    var args = rnd.nextInt(3) == 0 ? new String[] {"" + depth, "" + fanout, "noreap"} : new String[] {"" + depth, "" + fanout};
    try {
        k.spawnUnder(stormRoot, "tree", args);
        spawned++;
    } catch (oolong.repl.agent.AgentException e) {
        refused++;              // the storm root is in scope of process-alloc too
    }
    checked("spawn tree " + String.join(" ", args));
    for (int j = 0; j < 3; j++) {
        var inside = under(stormRoot);
        if (inside.isEmpty()) break;
        int victim = inside.get(rnd.nextInt(inside.size()));
        try {
            if (rnd.nextInt(4) == 0) { k.kill(victim, rnd.nextInt(100)); kills++; }
            else { k.filicide(victim); filicides++; }
        } catch (oolong.repl.agent.AgentException e) {
            // it died (and may be gone) meanwhile: fine
        }
        checked("filicide/kill of " + victim);
    }
}
System.out.println("storm: " + spawned + " trees (" + refused + " spawns refused), " + filicides + " filicides, " + kills + " kills; processes under the storm root now: " + under(stormRoot).size());
System.out.println(k.faults().list());
System.out.println("forks refused inside the trees (their console lines): " + vm.console().lines().filter(l -> l.contains("tree: fork failed")).count());
k.faults().clear();
k.filicide(stormRoot);
k.kill(stormRoot, 0);
checked("the end of the storm");

// ---- 3. filicide from user space: a puppet family, some blocked, ended by the puppet's own call
var head = k.puppet();
var c1 = head.fork(); var c2 = head.fork();
var g1 = c1.fork(); var g2 = c1.fork(); var gg = g1.fork();
int[] ends = c2.pipe();
var reader = c2.fork();
var blocked = reader.readAsync(ends[0], 8);
var sleeping = g2.sleepAsync(60_000);
Thread.sleep(200);
k.ps()
head.filicide()
k.ps()
Oolong.expect(under(head.pid()).size() == 2, "only the two direct children are left, TOREAP (the rest were NOREAP and are gone)");
System.out.println("blocked reader: " + blocked.get() + ", sleeper: " + sleeping.get());
long a1 = head.await(), a2 = head.await(), a3 = head.await();
System.out.println("head awaits its two children: " + a1 + ", " + a2 + " (filicide's code); then " + a3 + " (nothing to await: the seed's ~0, also -1)");
Oolong.expect(a1 == ExitCodes.KILLED && a2 == ExitCodes.KILLED && a3 == ExitCodes.NOTHING_TO_AWAIT, "direct children awaitable with -1");
Oolong.expect(under(head.pid()).isEmpty(), "nothing is left under the head");
k.kill(head.pid(), 0);

k.check()
k.leakReport(base)
