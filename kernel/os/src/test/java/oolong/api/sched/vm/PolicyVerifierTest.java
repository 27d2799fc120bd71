package oolong.api.sched.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import oolong.api.sched.Policy;
import oolong.kernel.sched.RoundRobinPolicy;
import oolong.kernel.sched.SchedEntity;
import oolong.kernel.sched.Scheduler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The hostile corpus: every policy here is refused by the verifier with a reason that names the
 * problem, or verified and then aborted by the interpreter, after which the scheduler falls back to
 * the previous policy and keeps scheduling.
 */
class PolicyVerifierTest {

    // ------------------------------------------------------------------ refused by the verifier

    static List<Arguments> refused() {
        List<Arguments> a = new ArrayList<>();
        a.add(Arguments.of("CallsSystem", ClassBytes.of(HostilePolicies.CallsSystem.class), "calls java.lang.System.nanoTime"));
        a.add(Arguments.of("AllocatesArray", ClassBytes.of(HostilePolicies.AllocatesArray.class), "allocates an array"));
        a.add(Arguments.of("AllocatesObject", ClassBytes.of(HostilePolicies.AllocatesObject.class), "'new'"));
        a.add(Arguments.of("ConcatenatesStrings", ClassBytes.of(HostilePolicies.ConcatenatesStrings.class), "invokedynamic"));
        a.add(Arguments.of("UsesMonitor", ClassBytes.of(HostilePolicies.UsesMonitor.class), "monitor"));
        a.add(Arguments.of("SynchronizedMethod", ClassBytes.of(HostilePolicies.SynchronizedMethod.class), "synchronized"));
        a.add(Arguments.of("Throws", ClassBytes.of(HostilePolicies.Throws.class), "'new'"));
        a.add(Arguments.of("CatchesExceptions", ClassBytes.of(HostilePolicies.CatchesExceptions.class), "catches exceptions"));
        a.add(Arguments.of("InstanceField", ClassBytes.of(HostilePolicies.InstanceField.class), "has a field 'calls'"));
        a.add(Arguments.of("StaticField", ClassBytes.of(HostilePolicies.StaticField.class), "has a field 'calls'"));
        a.add(Arguments.of("FloatingPoint", ClassBytes.of(HostilePolicies.FloatingPoint.class), "floating point"));
        a.add(Arguments.of("CallsAnotherClass", ClassBytes.of(HostilePolicies.CallsAnotherClass.class), "calls oolong.api.sched.vm.GoodPolicies$Recursive.gcd"));
        a.add(Arguments.of("NotAPolicy", ClassBytes.of(HostilePolicies.NotAPolicy.class), "does not implement oolong.api.sched.Policy"));
        a.add(Arguments.of("UsesLambda", ClassBytes.of(HostilePolicies.UsesLambda.class), "invokedynamic"));
        a.add(Arguments.of("BusyConstructor", ClassBytes.of(HostilePolicies.BusyConstructor.class), "constructors may not do anything"));
        a.add(Arguments.of("ImplementsMore", ClassBytes.of(HostilePolicies.ImplementsMore.class), "implements java.lang.Runnable"));
        a.add(Arguments.of("CallsQueueObjectMethod", ClassBytes.of(HostilePolicies.CallsQueueObjectMethod.class), "calls java.lang.Object.hashCode"));
        // Class files javac would not write.
        a.add(Arguments.of("huge method", policy(mv -> {
            for (int i = 0; i < PolicyVerifier.MAX_CODE + 10; i++) {
                mv.visitInsn(Opcodes.NOP);
            }
            mv.visitInsn(Opcodes.ICONST_0);
            mv.visitInsn(Opcodes.IRETURN);
        }, true), "the limit is 8192"));
        a.add(Arguments.of("branch into an instruction", patchBranch(2), "not the start of an instruction"));
        a.add(Arguments.of("branch out of the code", patchBranch(100), "not the start of an instruction"));
        a.add(Arguments.of("uninitialised local", policy(mv -> {
            mv.visitVarInsn(Opcodes.ILOAD, 2);
            mv.visitInsn(Opcodes.IRETURN);
        }, true), "reads local 2 as an int"));
        a.add(Arguments.of("queue used as a long", policy(mv -> {
            mv.visitVarInsn(Opcodes.LLOAD, 1);
            mv.visitInsn(Opcodes.L2I);
            mv.visitInsn(Opcodes.IRETURN);
        }, true), "reads local 1 as a long"));
        a.add(Arguments.of("falls off the end", policy(mv -> {
            mv.visitInsn(Opcodes.ICONST_0);
            mv.visitInsn(Opcodes.POP);
            mv.visitMaxs(1, 2);
        }, false), "falls off the end"));
        a.add(Arguments.of("lies about max_stack", policy(mv -> {
            mv.visitInsn(Opcodes.ICONST_0);
            mv.visitInsn(Opcodes.ICONST_1);
            mv.visitInsn(Opcodes.IADD);
            mv.visitInsn(Opcodes.IRETURN);
            mv.visitMaxs(1, 2);
        }, false), "exceed max_stack 1"));
        a.add(Arguments.of("stack depth differs between paths", policy(mv -> {
            Label join = new Label();
            mv.visitVarInsn(Opcodes.ALOAD, 1);
            mv.visitMethodInsn(Opcodes.INVOKEINTERFACE, PolicyVerifier.RUN_QUEUE, "size", "()I", true);
            mv.visitJumpInsn(Opcodes.IFEQ, join);
            mv.visitInsn(Opcodes.ICONST_1);
            mv.visitLabel(join);
            mv.visitInsn(Opcodes.ICONST_0);
            mv.visitInsn(Opcodes.IRETURN);
        }, true), "entries here but"));
        a.add(Arguments.of("throws the run queue", policy(mv -> {
            mv.visitVarInsn(Opcodes.ALOAD, 1);
            mv.visitInsn(Opcodes.ATHROW);
        }, true), "throws an exception"));
        a.add(Arguments.of("splits a long", policy(mv -> {
            mv.visitInsn(Opcodes.LCONST_1);
            mv.visitInsn(Opcodes.POP);
            mv.visitInsn(Opcodes.POP);
            mv.visitInsn(Opcodes.ICONST_0);
            mv.visitInsn(Opcodes.IRETURN);
        }, true), "a long"));
        a.add(Arguments.of("static initialiser", withClinit(), "static initialiser"));
        a.add(Arguments.of("native method", withNative(), "native"));
        a.add(Arguments.of("two identical pick methods", withTwoPicks(), "declares pick(Loolong/api/sched/RunQueue;)I twice"));
        a.add(Arguments.of("two fields of one name and type", withTwoConstants(), "declares the field K twice"));
        a.add(Arguments.of("truncated", Arrays.copyOf(ClassBytes.of(GoodPolicies.Fair.class), 200), "truncated"));
        byte[] magic = ClassBytes.of(GoodPolicies.Fair.class);
        magic[0] = 0x12;
        a.add(Arguments.of("bad magic", magic, "bad magic"));
        a.add(Arguments.of("empty", new byte[0], "malformed class file"));
        a.add(Arguments.of("too large", new byte[ClassFile.MAX_BYTES + 1], "larger than the limit"));
        byte[] garbage = ClassBytes.of(GoodPolicies.Fair.class);
        for (int i = 10; i < garbage.length; i += 3) {
            garbage[i] = (byte) (garbage[i] * 31 + 7);
        }
        a.add(Arguments.of("scrambled", garbage, ""));
        return a;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusedWithAReason(String name, byte[] classFile, String reason) {
        PolicyRejected r = assertThrows(PolicyRejected.class, () -> PolicyVerifier.verify(classFile));
        assertTrue(r.getMessage().contains(reason), name + ": " + r.getMessage());
    }

    @Test
    void reasonsPointAtTheSourceLine() {
        PolicyRejected r = assertThrows(PolicyRejected.class,
                () -> PolicyVerifier.verify(ClassBytes.of(HostilePolicies.CallsSystem.class)));
        assertTrue(r.getMessage().matches("CallsSystem\\.pick line \\d+ \\(bytecode \\d+\\): calls java\\.lang\\.System\\.nanoTime; .*"), r.getMessage());
    }

    @Test
    void theCorpusIsLargeEnough() {
        assertTrue(refused().size() + ABORTED.length >= 20);
    }

    // ------------------------------------------------------------------ verified, then aborted at run time

    static final Object[][] ABORTED = {
        {HostilePolicies.EndlessLoop.class, "used up its budget"},
        {HostilePolicies.DeepRecursion.class, "recursed deeper than"},
        {HostilePolicies.BadScratchSlot.class, "bad argument to q.setScratch"},
        {HostilePolicies.BadProcessIndex.class, "bad argument to q.pid"},
        {HostilePolicies.DividesByZero.class, "divides by zero"},
        {HostilePolicies.ReturnsOutOfRange.class, "returned 3 with 3 runnable"},
        {HostilePolicies.Starves.class, "watchdog"},
    };

    @Test
    void runtimeFaultsFallBackAndSchedulingGoesOn() {
        for (Object[] c : ABORTED) {
            Class<?> cls = (Class<?>) c[0];
            String reason = (String) c[1];
            VerifiedPolicy v = PolicyVerifier.verify(ClassBytes.of(cls));
            List<SchedEntity> entities = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                entities.add(new SchedEntity(i + 2, 0));
            }
            List<String> changes = new ArrayList<>();
            Scheduler s = new Scheduler(out -> {
                for (int i = 0; i < entities.size(); i++) {
                    out[i] = entities.get(i);
                }
                return entities.size();
            }, new RoundRobinPolicy(), "round-robin");
            s.setListener((from, to, why) -> changes.add(from + " -> " + to + ": " + why));
            long[] tick = {0};
            s.setClock(() -> tick[0] * 10_000_000L);
            s.setWatchdogNanos(500_000_000L);
            s.use(new PolicyInterpreter(v), v.name());
            SchedEntity last = null;
            long[] runs = new long[3];
            for (long t = 0; t < 300; t++) {
                tick[0] = t;
                s.tick(t);
                last = s.pick(last);
                assertNotNull(last);
                runs[entities.indexOf(last)]++;
            }
            assertEquals("round-robin", s.policyName(), cls.getSimpleName());
            assertEquals(1, s.fallbacks(), cls.getSimpleName());
            String change = changes.get(changes.size() - 1);
            assertTrue(change.startsWith(v.name() + " -> round-robin: ") && change.contains(reason),
                    cls.getSimpleName() + ": " + change);
            for (long r : runs) {
                assertTrue(r > 50, cls.getSimpleName() + " left a process unscheduled: " + Arrays.toString(runs));
            }
        }
    }

    @Test
    void faultMessagesNameTheLine() {
        PolicyInterpreter p = new PolicyInterpreter(PolicyVerifier.verify(ClassBytes.of(HostilePolicies.DividesByZero.class)));
        PolicyFault f = assertThrows(PolicyFault.class, () -> p.pick(new SnapshotQueue(1, 3)));
        assertTrue(f.getMessage().matches("DividesByZero\\.pick line \\d+ \\(bytecode \\d+\\) divides by zero"), f.getMessage());
    }

    @Test
    void theBudgetIsAdjustable() {
        PolicyInterpreter p = new PolicyInterpreter(PolicyVerifier.verify(ClassBytes.of(GoodPolicies.Fair.class)));
        SnapshotQueue q = new SnapshotQueue(3, 64);
        q.beginDecision();
        p.pick(q);
        long used = p.lastInstructions();
        assertTrue(used > 64, "a 64-process scan takes more than 64 instructions: " + used);
        p.setBudget(used - 1);
        assertThrows(PolicyFault.class, () -> p.pick(q));
        p.setBudget(used);
        p.pick(q);
    }

    @Test
    void builtInsAndGoodPoliciesVerify() {
        for (Class<? extends Policy> c : PolicyDifferentialTest.POLICIES) {
            VerifiedPolicy v = PolicyVerifier.verify(ClassBytes.of(c));
            assertEquals(c.getSimpleName(), v.name());
        }
    }

    @Test
    void displayNamesDropJShellWrappers() {
        assertEquals("Fair", PolicyVerifier.displayName("REPL/$JShell$12$Fair"));
        assertEquals("StridePolicy", PolicyVerifier.displayName("oolong/kernel/sched/StridePolicy"));
    }

    // ------------------------------------------------------------------ generated class files

    /** A policy class whose pick method has the given code (maxs computed unless computeMaxs is false). */
    static byte[] policy(Consumer<MethodVisitor> pickCode, boolean computeMaxs) {
        ClassWriter cw = new ClassWriter(computeMaxs ? ClassWriter.COMPUTE_MAXS : 0);
        header(cw);
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC, "pick", PolicyVerifier.PICK_DESCRIPTOR, null, null);
        mv.visitCode();
        pickCode.accept(mv);
        if (computeMaxs) {
            mv.visitMaxs(0, 0);
        }
        mv.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    private static void header(ClassWriter cw) {
        cw.visit(Opcodes.V1_6, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, "Gen", null, "java/lang/Object",
                new String[] {PolicyVerifier.POLICY});
        MethodVisitor init = cw.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(1, 1);
        init.visitEnd();
    }

    /** iconst_0; ifeq +offset; iconst_1; ireturn; iconst_0; ireturn — with the branch offset replaced. */
    static byte[] patchBranch(int offset) {
        byte[] b = policy(mv -> {
            Label l = new Label();
            mv.visitInsn(Opcodes.ICONST_0);
            mv.visitJumpInsn(Opcodes.IFEQ, l);
            mv.visitInsn(Opcodes.ICONST_1);
            mv.visitInsn(Opcodes.IRETURN);
            mv.visitLabel(l);
            mv.visitInsn(Opcodes.ICONST_0);
            mv.visitInsn(Opcodes.IRETURN);
        }, true);
        byte[] pattern = {0x03, (byte) 0x99, 0x00, 0x05, 0x04, (byte) 0xac};
        for (int i = 0; i + pattern.length <= b.length; i++) {
            if (Arrays.equals(Arrays.copyOfRange(b, i, i + pattern.length), pattern)) {
                b[i + 3] = (byte) offset;
                return b;
            }
        }
        throw new IllegalStateException("branch not found");
    }

    static byte[] withClinit() {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        header(cw);
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_STATIC, "<clinit>", "()V", null, null);
        mv.visitCode();
        mv.visitInsn(Opcodes.RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        mv = cw.visitMethod(Opcodes.ACC_PUBLIC, "pick", PolicyVerifier.PICK_DESCRIPTOR, null, null);
        mv.visitCode();
        mv.visitInsn(Opcodes.ICONST_0);
        mv.visitInsn(Opcodes.IRETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        return cw.toByteArray();
    }

    /** JVMS 4.6: no two methods of a class may have the same name and descriptor; javac never writes this. */
    static byte[] withTwoPicks() {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        header(cw);
        for (int answer = 0; answer < 2; answer++) {
            MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC, "pick", PolicyVerifier.PICK_DESCRIPTOR, null, null);
            mv.visitCode();
            mv.visitInsn(answer == 0 ? Opcodes.ICONST_0 : Opcodes.ICONST_1);
            mv.visitInsn(Opcodes.IRETURN);
            mv.visitMaxs(0, 0);
            mv.visitEnd();
        }
        return cw.toByteArray();
    }

    /** JVMS 4.5: the same for fields (here two compile-time constants, which are otherwise allowed). */
    static byte[] withTwoConstants() {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        header(cw);
        for (long value = 1; value <= 2; value++) {
            cw.visitField(Opcodes.ACC_STATIC | Opcodes.ACC_FINAL, "K", "J", null, value).visitEnd();
        }
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC, "pick", PolicyVerifier.PICK_DESCRIPTOR, null, null);
        mv.visitCode();
        mv.visitInsn(Opcodes.ICONST_0);
        mv.visitInsn(Opcodes.IRETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        return cw.toByteArray();
    }

    static byte[] withNative() {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        header(cw);
        cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_NATIVE, "pick", PolicyVerifier.PICK_DESCRIPTOR, null, null).visitEnd();
        return cw.toByteArray();
    }
}
