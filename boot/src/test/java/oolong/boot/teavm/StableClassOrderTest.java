package oolong.boot.teavm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.teavm.model.ClassHierarchy;
import org.teavm.model.ClassHolder;
import org.teavm.model.ClassReader;
import org.teavm.model.ElementModifier;
import org.teavm.model.ListableClassReaderSource;

/**
 * TeaVM's TagRegistry numbers classes in the order its class source lists them; patched, the
 * numbers depend only on the classes. Each registry is built from TagRegistry's class file (as
 * TeaVM ships it, or patched) defined in a loader of its own.
 */
class StableClassOrderTest {
    /** A small hierarchy: Object; A, B, C extend Object; A1, A2 extend A; B1 extends B; I implemented by A and B1. */
    private static Map<String, ClassHolder> classes() {
        Map<String, ClassHolder> all = new LinkedHashMap<>();
        ClassHolder object = new ClassHolder("java.lang.Object");
        object.setParent(null);     /* a ClassHolder's parent is Object unless told otherwise */
        all.put("java.lang.Object", object);
        for (String[] c : new String[][] {{"A", "java.lang.Object"}, {"B", "java.lang.Object"}, {"C", "java.lang.Object"},
                {"A1", "A"}, {"A2", "A"}, {"B1", "B"}}) {
            ClassHolder h = new ClassHolder(c[0]);
            h.setParent(c[1]);
            all.put(c[0], h);
        }
        ClassHolder iface = new ClassHolder("I");
        iface.getModifiers().add(ElementModifier.INTERFACE);
        all.put("I", iface);
        all.get("A").getInterfaces().add("I");
        all.get("B1").getInterfaces().add("I");
        return all;
    }

    /** The classes listed in the given order. */
    private static ListableClassReaderSource listedAs(List<String> order) {
        Map<String, ClassHolder> all = classes();
        Set<String> names = new LinkedHashSet<>(order);
        return new ListableClassReaderSource() {
            @Override
            public Set<String> getClassNames() {
                return names;
            }

            @Override
            public ClassReader get(String name) {
                return all.get(name);
            }
        };
    }

    /** Every class's tag ranges, as "name lower-upper ...", from a registry built by the given class file. */
    private static List<String> tags(byte[] tagRegistryClass, List<String> order) throws Exception {
        try (SingleClassLoader loader = new SingleClassLoader(tagRegistryClass)) {
            Class<?> registry = loader.loadClass(StableClassOrder.TAG_REGISTRY);
            assertSame(loader, registry.getClassLoader());
            ListableClassReaderSource source = listedAs(order);
            Object tags = registry.getConstructor(ListableClassReaderSource.class, ClassHierarchy.class)
                    .newInstance(source, new ClassHierarchy(source));
            List<String> result = new ArrayList<>();
            for (String name : new String[] {"java.lang.Object", "A", "B", "C", "A1", "A2", "B1", "I"}) {
                StringBuilder line = new StringBuilder(name);
                for (Object range : (List<?>) registry.getMethod("getRanges", String.class).invoke(tags, name)) {
                    line.append(' ').append(range.getClass().getField("lower").get(range))
                            .append('-').append(range.getClass().getField("upper").get(range));
                }
                result.add(line.toString());
            }
            return result;
        }
    }

    private static byte[] shipped() throws Exception {
        return shipped(StableClassOrder.TAG_REGISTRY);
    }

    private static byte[] shipped(String className) throws Exception {
        try (InputStream in = StableClassOrder.class.getClassLoader()
                .getResourceAsStream(className.replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }

    private static final List<String> ONE_ORDER = List.of("java.lang.Object", "A", "B", "C", "A1", "A2", "B1", "I");
    private static final List<String> ANOTHER = List.of("I", "B1", "C", "A2", "B", "A1", "A", "java.lang.Object");

    @Test
    void shippedTeaVMNumbersTheClassesInTheOrderTheSourceListsThem() throws Exception {
        assertNotEquals(tags(shipped(), ONE_ORDER), tags(shipped(), ANOTHER),
                "if TeaVM's own numbering were stable, the patch would not be needed");
    }

    @Test
    void patchedTagsDependOnlyOnTheClasses() throws Exception {
        byte[] patched = StableClassOrder.patch(StableClassOrder.TAG_REGISTRY, shipped());
        List<String> first = tags(patched, ONE_ORDER);
        assertEquals(first, tags(patched, ANOTHER));
        assertEquals(first, tags(patched, List.of("B", "A1", "I", "java.lang.Object", "C", "B1", "A", "A2")));
        /* still a hierarchy numbering: a subclass's range lies inside its parent's */
        assertEquals("java.lang.Object 0-14", first.get(0));
    }

    @Test
    void theCCodeGeneratorIsPatchedAndLoadedPatched() throws Exception {
        byte[] original = shipped(StableClassOrder.C_TARGET);
        org.junit.jupiter.api.Assertions.assertTrue(StableClassOrder.patch(StableClassOrder.C_TARGET, original).length > original.length);
        try (PatchedTeaVMLoader loader = PatchedTeaVMLoader.forClassPath()) {
            for (String patched : StableClassOrder.PATCHED.keySet()) {
                assertSame(loader, loader.loadClass(patched).getClassLoader(), patched + " must be defined patched");
            }
        }
    }

    @Test
    void patchRefusesAClassWithoutTheExpectedShape() throws Exception {
        byte[] other;
        try (InputStream in = getClass().getResourceAsStream("StableClassOrderTest.class")) {
            other = in.readAllBytes();
        }
        assertThrows(IllegalStateException.class, () -> StableClassOrder.patch(StableClassOrder.TAG_REGISTRY, other));
    }

    /** Defines TagRegistry (and its nested Range, a nest member, which must share its loader) from given bytes. */
    private static final class SingleClassLoader extends ClassLoader implements AutoCloseable {
        private final byte[] registry;

        SingleClassLoader(byte[] registry) {
            super(StableClassOrderTest.class.getClassLoader());
            this.registry = registry;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                if (!name.startsWith(StableClassOrder.TAG_REGISTRY)) {
                    return super.loadClass(name, resolve);
                }
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    byte[] bytes = name.equals(StableClassOrder.TAG_REGISTRY) ? registry : read(name);
                    c = defineClass(name, bytes, 0, bytes.length);
                }
                return c;
            }
        }

        private static byte[] read(String name) throws ClassNotFoundException {
            try (InputStream in = StableClassOrderTest.class.getClassLoader().getResourceAsStream(name.replace('.', '/') + ".class")) {
                if (in == null) {
                    throw new ClassNotFoundException(name);
                }
                return in.readAllBytes();
            } catch (java.io.IOException e) {
                throw new ClassNotFoundException(name, e);
            }
        }

        @Override
        public void close() {
        }
    }
}
