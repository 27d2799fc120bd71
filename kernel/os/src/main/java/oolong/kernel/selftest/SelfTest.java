package oolong.kernel.selftest;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import oolong.kernel.log.Log;
import oolong.kernel.platform.Platform;
import oolong.kernel.platform.RuntimeCounters;

/**
 * In-guest test of the Java language features the kernel relies on, run natively on bare metal
 * ({@code selftest} on the kernel command line). Each check prints "ok" or "FAIL" with the reason;
 * the summary line is "selftest: N passed, N failed".
 */
public final class SelfTest {
    /** One check; it fails by throwing. */
    interface Check {
        void run() throws Exception;
    }

    static final class CheckFailed extends RuntimeException {
        CheckFailed(String message) {
            super(message);
        }
    }

    private int passed;
    private int failed;
    /** The runtime's counters: the GC checks watch collections happen. */
    private static RuntimeCounters gc;

    private SelfTest() {
    }

    /** Runs every check; returns the number that failed. */
    public static int run(Platform platform) {
        SelfTest t = new SelfTest();
        gc = platform.counters();
        long start = platform.clockNanos();
        Log.println("selftest: Java language features on bare metal");
        t.check("gc: allocating 4x the heap reuses memory", SelfTest::gcReusesMemory);
        t.check("gc: live objects survive collections intact", SelfTest::gcKeepsLiveData);
        t.check("gc: identity hash codes are stable across collections", SelfTest::identityHashStable);
        t.check("gc: every collection compacts; young referents of old objects survive", () -> GcCompactionSelfTest.run(gc));
        t.check("exceptions: thrown 50 frames deep, every finally runs", SelfTest::deepThrowWithFinally);
        t.check("exceptions: causes, rethrow and try-with-resources", SelfTest::causesAndResources);
        t.check("runtime exceptions: array bounds, with message", SelfTest::arrayBounds);
        t.check("runtime exceptions: null dereference", SelfTest::nullPointer);
        t.check("runtime exceptions: class cast and negative array size", SelfTest::classCast);
        t.check("arithmetic: int and long division by zero throw ArithmeticException", SelfTest::divisionByZero);
        t.check("arithmetic: MIN_VALUE / -1 wraps as in Java", SelfTest::minValueDivision);
        t.check("arithmetic: long operations", SelfTest::longArithmetic);
        t.check("arithmetic: double operations and conversions", SelfTest::doubleArithmetic);
        t.check("dispatch: interfaces, default methods, overrides, lambdas", SelfTest::dispatch);
        t.check("strings: building, formatting, parsing, switch", SelfTest::strings);
        t.check("collections: list, map, tree map, deque, set", SelfTest::collections);
        t.check("enums and records", SelfTest::enumsAndRecords);
        t.check("recursion: 10,000 frames deep", SelfTest::deepRecursion);
        long ms = (platform.clockNanos() - start) / 1_000_000;
        Log.println("selftest: " + t.passed + " passed, " + t.failed + " failed (" + ms + " ms; GC: "
                + gc.gcCollections() + " collections, longest pause " + gc.gcMaxPauseNanos() / 1_000_000 + " ms)");
        return t.failed;
    }

    private void check(String name, Check c) {
        try {
            c.run();
            passed++;
            Log.println("  ok    " + name);
        } catch (Throwable e) {
            failed++;
            Log.println("  FAIL  " + name + ": " + e.getClass().getName() + ": " + e.getMessage());
        }
    }

    static void expect(boolean condition, String what) {
        if (!condition) {
            throw new CheckFailed(what);
        }
    }

    static void expectEquals(Object expected, Object actual, String what) {
        if (expected == null ? actual != null : !expected.equals(actual)) {
            throw new CheckFailed(what + ": expected <" + expected + "> but was <" + actual + ">");
        }
    }

    // ---------------------------------------------------------------- GC

    private static final int HEAP_BYTES = 32 << 20;

    static void gcReusesMemory() {
        long collections = gc.gcCollections();
        long allocated = 0;
        byte[] keep = null;
        while (allocated < 4L * HEAP_BYTES) {
            byte[] chunk = new byte[64 * 1024];
            chunk[chunk.length - 1] = (byte) allocated;
            keep = chunk;
            allocated += chunk.length;
        }
        long ran = gc.gcCollections() - collections;
        expect(keep[keep.length - 1] == (byte) (allocated - keep.length), "last chunk intact");
        expect(ran >= 3, "expected at least 3 collections while allocating " + (allocated >> 20) + " MiB, saw " + ran);
    }

    static final class Node {
        final int value;
        Node next;
        int[] payload;

        Node(int value) {
            this.value = value;
        }
    }

    static void gcKeepsLiveData() {
        Node head = null;
        for (int i = 0; i < 20_000; i++) {
            Node n = new Node(i);
            n.payload = new int[] {i, i * 2};
            n.next = head;
            head = n;
        }
        long collections = gc.gcCollections();
        for (int round = 0; gc.gcCollections() - collections < 3 && round < 100_000; round++) {
            Object[] garbage = new Object[256];
            for (int i = 0; i < garbage.length; i++) {
                garbage[i] = new int[16];
            }
        }
        expect(gc.gcCollections() - collections >= 3, "garbage did not trigger collections");
        int count = 0;
        for (Node n = head; n != null; n = n.next) {
            int expected = 19_999 - count;
            expect(n.value == expected && n.payload[0] == expected && n.payload[1] == expected * 2,
                    "node " + count + " corrupted");
            count++;
        }
        expectEquals(20_000, count, "list length");
    }

    static void identityHashStable() {
        List<Object> keys = new ArrayList<>();
        Map<Object, Integer> map = new HashMap<>();
        int[] hashes = new int[1000];
        for (int i = 0; i < 1000; i++) {
            Object o = new Object();
            keys.add(o);
            map.put(o, i);
            hashes[i] = System.identityHashCode(o);
        }
        long collections = gc.gcCollections();
        while (gc.gcCollections() - collections < 2) {
            Object[] garbage = new Object[1024];
            for (int i = 0; i < garbage.length; i++) {
                garbage[i] = new long[8];
            }
        }
        for (int i = 0; i < 1000; i++) {
            expect(System.identityHashCode(keys.get(i)) == hashes[i], "identity hash of key " + i + " changed");
            expectEquals(i, map.get(keys.get(i)), "lookup of key " + i);
        }
    }

    // ---------------------------------------------------------------- exceptions

    static final class DeepException extends Exception {
        final int depth;

        DeepException(String message, int depth) {
            super(message);
            this.depth = depth;
        }
    }

    private static int finallyCount;

    private static void throwAt(int depth) throws DeepException {
        try {
            if (depth == 0) {
                throw new DeepException("bottom reached", 50);
            }
            throwAt(depth - 1);
        } finally {
            finallyCount++;
        }
    }

    static void deepThrowWithFinally() {
        finallyCount = 0;
        try {
            throwAt(49);
            throw new CheckFailed("no exception");
        } catch (DeepException e) {
            expectEquals("bottom reached", e.getMessage(), "message");
            expectEquals(50, e.depth, "field of the exception");
        }
        expectEquals(50, finallyCount, "finally blocks run");
    }

    static final class Resource implements AutoCloseable {
        static int closed;

        @Override
        public void close() {
            closed++;
        }
    }

    static void causesAndResources() {
        Resource.closed = 0;
        try {
            try (Resource a = new Resource(); Resource b = new Resource()) {
                throw new IllegalStateException("inner");
            } catch (IllegalStateException e) {
                throw new RuntimeException("outer", e);
            }
        } catch (RuntimeException e) {
            expectEquals("outer", e.getMessage(), "outer message");
            expect(e.getCause() instanceof IllegalStateException, "cause type");
            expectEquals("inner", e.getCause().getMessage(), "cause message");
        }
        expectEquals(2, Resource.closed, "resources closed");
    }

    private static int index(int i) {
        return i;
    }

    static void arrayBounds() {
        int[] a = new int[3];
        try {
            a[index(5)] = 1;
            throw new CheckFailed("no exception");
        } catch (ArrayIndexOutOfBoundsException e) {
            String message = e.getMessage();    /* runtime-created exception: getMessage must be callable */
            expect(message == null || !message.isEmpty(), "message readable");
        }
        try {
            "abc".charAt(index(7));
            throw new CheckFailed("no exception from charAt");
        } catch (StringIndexOutOfBoundsException e) {
            expect(e.getMessage() == null || e.getMessage().length() >= 0, "message readable");
        }
    }

    private static Object maybeNull(int i) {
        return i > 0 ? "x" : null;
    }

    static void nullPointer() {
        try {
            maybeNull(index(0)).hashCode();
            throw new CheckFailed("no exception");
        } catch (NullPointerException e) {
            e.getMessage();
        }
    }

    static void classCast() {
        Object s = maybeNull(1);
        try {
            Integer i = (Integer) s;
            throw new CheckFailed("no exception: " + i);
        } catch (ClassCastException e) {
            e.getMessage();
        }
        try {
            int[] bad = new int[index(-1)];
            throw new CheckFailed("no exception: " + bad.length);
        } catch (NegativeArraySizeException e) {
            e.getMessage();
        }
    }

    // ---------------------------------------------------------------- arithmetic

    static void divisionByZero() {
        int zero = index(0);
        try {
            int r = 10 / zero;
            throw new CheckFailed("int division returned " + r);
        } catch (ArithmeticException e) {
            expectEquals("/ by zero", e.getMessage(), "message");
        }
        try {
            int r = 10 % zero;
            throw new CheckFailed("int remainder returned " + r);
        } catch (ArithmeticException e) {
            expectEquals("/ by zero", e.getMessage(), "message");
        }
        try {
            long r = 10L / zero;
            throw new CheckFailed("long division returned " + r);
        } catch (ArithmeticException e) {
            expectEquals("/ by zero", e.getMessage(), "message");
        }
        try {
            long r = 10L % (long) zero;
            throw new CheckFailed("long remainder returned " + r);
        } catch (ArithmeticException e) {
            expectEquals("/ by zero", e.getMessage(), "message");
        }
        expectEquals(3, 10 / index(3), "10 / 3");
        expectEquals(-1, -10 % index(3), "-10 % 3");
    }

    static void minValueDivision() {
        int minusOne = index(-1);
        expectEquals(Integer.MIN_VALUE, Integer.MIN_VALUE / minusOne, "int MIN / -1");
        expectEquals(0, Integer.MIN_VALUE % minusOne, "int MIN % -1");
        expectEquals(Long.MIN_VALUE, Long.MIN_VALUE / minusOne, "long MIN / -1");
        expectEquals(0L, Long.MIN_VALUE % minusOne, "long MIN % -1");
    }

    static void longArithmetic() {
        long big = index(1) * 0x7FFF_FFFF_FFFF_FFFFL;
        expectEquals(Long.MIN_VALUE, big + 1, "overflow wraps");
        expectEquals(-1L >>> 1, Long.MAX_VALUE, "unsigned shift");
        expectEquals(0x1_0000_0000L, 1L << index(32), "shift by 32");
        expectEquals(6_000_000_000_000L, 2_000_000L * index(3_000_000), "multiply");
        expectEquals("18446744073709551615", Long.toUnsignedString(-1L), "unsigned string");
        expectEquals(Long.MAX_VALUE, Long.divideUnsigned(-1L, 2), "divideUnsigned");
        expectEquals(-123456789012345L, Long.parseLong("-123456789012345"), "parseLong");
        expectEquals(64, Long.numberOfLeadingZeros(0L), "numberOfLeadingZeros");
        expectEquals(3, Long.bitCount(0b1011L), "bitCount");
        expectEquals(2, 1 << index(33), "int shift count masked to 5 bits");
        expectEquals(2L, 1L << index(65), "long shift count masked to 6 bits");
        expectEquals(-1 >>> 1, -1 >>> index(33), "unsigned shift count masked");
        expectEquals(Integer.MIN_VALUE, index(Integer.MAX_VALUE) + 1, "int overflow wraps");
    }

    static void doubleArithmetic() {
        expectEquals("0.30000000000000004", Double.toString(0.1 + 0.2), "0.1 + 0.2");
        expectEquals(1.4142135623730951, Math.sqrt(2.0), "sqrt(2)");
        expect(Math.abs(Math.sin(Math.PI / 6) - 0.5) < 1e-15, "sin(pi/6)");
        expectEquals(0, (int) Double.NaN, "(int) NaN");
        expectEquals(Integer.MAX_VALUE, (int) 1e20, "(int) 1e20 saturates");
        expectEquals(Long.MIN_VALUE, (long) -1e30, "(long) -1e30 saturates");
        expectEquals(3.0, Math.floor(3.7), "floor");
        expectEquals(Double.POSITIVE_INFINITY, 1.0 / (double) index(0), "1.0 / 0");
        expectEquals(1.5, Double.parseDouble("1.5"), "parseDouble");
        expectEquals("3.14", String.format("%.2f", Math.PI), "format %.2f");
    }

    // ---------------------------------------------------------------- dispatch

    interface Shape {
        double area();

        default String describe() {
            return getClass().getSimpleName() + " of area " + Math.round(area());
        }
    }

    abstract static class Polygon implements Shape {
        abstract int sides();
    }

    static final class Square extends Polygon {
        final double side;

        Square(double side) {
            this.side = side;
        }

        @Override
        public double area() {
            return side * side;
        }

        @Override
        int sides() {
            return 4;
        }
    }

    static final class Circle implements Shape {
        final double r;

        Circle(double r) {
            this.r = r;
        }

        @Override
        public double area() {
            return Math.PI * r * r;
        }

        @Override
        public String describe() {
            return "circle r=" + r;
        }
    }

    static void dispatch() {
        List<Shape> shapes = new ArrayList<>();
        shapes.add(new Square(3));
        shapes.add(new Circle(1));
        shapes.add(() -> 42.0);
        expectEquals("Square of area 9", shapes.get(0).describe(), "default method");
        expectEquals("circle r=1.0", shapes.get(1).describe(), "override");
        expectEquals(42.0, shapes.get(2).area(), "lambda implementation");
        expect(shapes.get(0) instanceof Polygon && ((Polygon) shapes.get(0)).sides() == 4, "abstract class");
        expect(!(shapes.get(1) instanceof Polygon), "instanceof negative");
        double total = 0;
        for (Shape s : shapes) {
            total += s.area();
        }
        expect(Math.abs(total - (9 + Math.PI + 42)) < 1e-9, "sum of areas");
        java.util.function.IntBinaryOperator add = Integer::sum;
        expectEquals(7, add.applyAsInt(3, 4), "method reference");
    }

    // ---------------------------------------------------------------- strings

    static void strings() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            sb.append(i).append(',');
        }
        sb.setLength(sb.length() - 1);
        expectEquals("0,1,2,3,4,5,6,7,8,9", sb.toString(), "StringBuilder");
        expectEquals("9,8,7,6,5,4,3,2,1,0", new StringBuilder(sb).reverse().toString(), "reverse");
        expectEquals(10, sb.toString().split(",").length, "split");
        expectEquals("0001.414|beef|abc|   42", String.format("%08.3f|%x|%s|%5d", Math.sqrt(2), 48879, "abc", 42), "format");
        expectEquals(99162322, "hello".hashCode(), "hashCode");
        expectEquals("HELLO WORLD", "hello world".toUpperCase(), "toUpperCase");
        expectEquals("a+b+c", String.join("+", "a,b,c".split(",")), "join");
        expectEquals("Grüße, 日本", "Grüße, " + "日本", "non-ASCII");
        expectEquals(-42, Integer.parseInt("-42"), "parseInt");
        try {
            Integer.parseInt("4x2");
            throw new CheckFailed("no NumberFormatException");
        } catch (NumberFormatException e) {
            expect(e.getMessage() != null, "NumberFormatException message");
        }
        String word = "filicide" + index(0);
        int code;
        switch (word) {
            case "kill0" -> code = 1;
            case "filicide0" -> code = 2;
            default -> code = 3;
        }
        expectEquals(2, code, "switch on string");
        expect("abc".compareTo("abd") < 0 && "b".compareTo("a") > 0, "compareTo");
        expectEquals("  x", String.valueOf(new char[] {' ', ' ', 'x'}), "valueOf(char[])");
    }

    // ---------------------------------------------------------------- collections

    static void collections() {
        Map<Integer, String> map = new HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            map.put(i, "v" + i);
        }
        for (int i = 0; i < 10_000; i += 2) {
            map.remove(i);
        }
        expectEquals(5_000, map.size(), "HashMap size");
        expectEquals("v9999", map.get(9999), "HashMap get");
        TreeMap<String, Integer> tree = new TreeMap<>();
        for (String s : new String[] {"pear", "apple", "fig", "kiwi"}) {
            tree.put(s, s.length());
        }
        expectEquals("[apple, fig, kiwi, pear]", tree.keySet().toString(), "TreeMap order");
        expectEquals("fig", tree.ceilingKey("b").substring(0, 3).equals("fig") ? "fig" : tree.ceilingKey("b"), "ceilingKey");
        List<Integer> list = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            list.add((i * 37) % 100);
        }
        Collections.sort(list, Comparator.reverseOrder());
        expectEquals(99, list.get(0), "sort descending");
        for (Iterator<Integer> it = list.iterator(); it.hasNext();) {
            if (it.next() % 2 == 1) {
                it.remove();
            }
        }
        expectEquals(50, list.size(), "iterator remove");
        ArrayDeque<String> deque = new ArrayDeque<>();
        deque.addFirst("b");
        deque.addFirst("a");
        deque.addLast("c");
        expectEquals("a", deque.pollFirst(), "deque first");
        expectEquals("c", deque.pollLast(), "deque last");
        Set<String> set = new HashSet<>(List.of("x", "y", "x"));
        expectEquals(2, set.size(), "HashSet dedup");
        try {
            for (Integer i : list) {
                if (i == 50) {
                    list.add(1);
                }
            }
            throw new CheckFailed("no ConcurrentModificationException");
        } catch (java.util.ConcurrentModificationException e) {
            /* expected */
        }
    }

    // ---------------------------------------------------------------- enums and records

    enum State { RUNNING, DYING, TOREAP, TOMBSTONE }

    record Pair(int pid, State state) {
    }

    static void enumsAndRecords() {
        expectEquals(State.TOREAP, State.valueOf("TOREAP"), "valueOf");
        expectEquals(2, State.TOREAP.ordinal(), "ordinal");
        expectEquals(4, State.values().length, "values");
        String kind = switch (State.values()[index(1)]) {
            case RUNNING -> "alive";
            case DYING -> "going";
            default -> "dead";
        };
        expectEquals("going", kind, "switch on enum");
        Pair a = new Pair(3, State.DYING);
        expectEquals(new Pair(3, State.DYING), a, "record equals");
        expectEquals(new Pair(3, State.DYING).hashCode(), a.hashCode(), "record hashCode");
        expectEquals("Pair[pid=3, state=DYING]", a.toString(), "record toString");
    }

    private static int depth(int n) {
        return n == 0 ? 0 : 1 + depth(n - 1);
    }

    static void deepRecursion() {
        expectEquals(10_000, depth(index(10_000)), "depth");
    }
}
