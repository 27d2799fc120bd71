package oolong.api.sched.vm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import oolong.api.sched.Policy;
import org.objectweb.asm.Label;
import org.objectweb.asm.Opcodes;

/**
 * The hostile corpus (docs/scheduler.md, "Tests"): class files the verifier refuses, each with the
 * reason it must give, and policies that verify but must be aborted at run time, each with the
 * reason the scheduler's fallback must report. Public for kernel/os's test of that fallback.
 */
public final class HostileCorpus {
    private HostileCorpus() {
    }

    /** A class file and a part of the verifier's reason for refusing it. */
    public record Refused(String name, byte[] classFile, String reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A policy that verifies, and a part of the reason it is thrown out when it runs. */
    public record Aborted(Class<? extends Policy> policy, String reason) {
        @Override
        public String toString() {
            return policy.getSimpleName();
        }
    }

    public static final List<Aborted> ABORTED = List.of(
            new Aborted(HostilePolicies.EndlessLoop.class, "used up its budget"),
            new Aborted(HostilePolicies.DeepRecursion.class, "recursed deeper than"),
            new Aborted(HostilePolicies.BadScratchSlot.class, "bad argument to q.setScratch"),
            new Aborted(HostilePolicies.BadProcessIndex.class, "bad argument to q.pid"),
            new Aborted(HostilePolicies.DividesByZero.class, "divides by zero"),
            new Aborted(HostilePolicies.ReturnsOutOfRange.class, "returned 3 with 3 runnable"),
            new Aborted(HostilePolicies.Starves.class, "watchdog"));

    public static List<Refused> refused() {
        List<Refused> a = new ArrayList<>();
        a.add(javac(HostilePolicies.CallsSystem.class, "calls java.lang.System.nanoTime"));
        a.add(javac(HostilePolicies.AllocatesArray.class, "allocates an array"));
        a.add(javac(HostilePolicies.AllocatesObject.class, "'new'"));
        a.add(javac(HostilePolicies.ConcatenatesStrings.class, "invokedynamic"));
        a.add(javac(HostilePolicies.UsesMonitor.class, "monitor"));
        a.add(javac(HostilePolicies.SynchronizedMethod.class, "synchronized"));
        a.add(javac(HostilePolicies.Throws.class, "'new'"));
        a.add(javac(HostilePolicies.CatchesExceptions.class, "catches exceptions"));
        a.add(javac(HostilePolicies.InstanceField.class, "has a field 'calls'"));
        a.add(javac(HostilePolicies.StaticField.class, "has a field 'calls'"));
        a.add(javac(HostilePolicies.FloatingPoint.class, "floating point"));
        a.add(javac(HostilePolicies.CallsAnotherClass.class, "calls oolong.api.sched.vm.GoodPolicies$Recursive.gcd"));
        a.add(javac(HostilePolicies.NotAPolicy.class, "does not implement oolong.api.sched.Policy"));
        a.add(javac(HostilePolicies.UsesLambda.class, "invokedynamic"));
        a.add(javac(HostilePolicies.BusyConstructor.class, "constructors may not do anything"));
        a.add(javac(HostilePolicies.ImplementsMore.class, "implements java.lang.Runnable"));
        a.add(javac(HostilePolicies.CallsQueueObjectMethod.class, "calls java.lang.Object.hashCode"));
        // Class files javac would not write.
        a.add(new Refused("huge method", GeneratedClasses.policy(mv -> {
            for (int i = 0; i < PolicyVerifier.MAX_CODE + 10; i++) {
                mv.visitInsn(Opcodes.NOP);
            }
            mv.visitInsn(Opcodes.ICONST_0);
            mv.visitInsn(Opcodes.IRETURN);
        }, true), "the limit is 8192"));
        a.add(new Refused("branch into an instruction", GeneratedClasses.patchBranch(2), "not the start of an instruction"));
        a.add(new Refused("branch out of the code", GeneratedClasses.patchBranch(100), "not the start of an instruction"));
        a.add(new Refused("uninitialised local", GeneratedClasses.policy(mv -> {
            mv.visitVarInsn(Opcodes.ILOAD, 2);
            mv.visitInsn(Opcodes.IRETURN);
        }, true), "reads local 2 as an int"));
        a.add(new Refused("queue used as a long", GeneratedClasses.policy(mv -> {
            mv.visitVarInsn(Opcodes.LLOAD, 1);
            mv.visitInsn(Opcodes.L2I);
            mv.visitInsn(Opcodes.IRETURN);
        }, true), "reads local 1 as a long"));
        a.add(new Refused("falls off the end", GeneratedClasses.policy(mv -> {
            mv.visitInsn(Opcodes.ICONST_0);
            mv.visitInsn(Opcodes.POP);
            mv.visitMaxs(1, 2);
        }, false), "falls off the end"));
        a.add(new Refused("lies about max_stack", GeneratedClasses.policy(mv -> {
            mv.visitInsn(Opcodes.ICONST_0);
            mv.visitInsn(Opcodes.ICONST_1);
            mv.visitInsn(Opcodes.IADD);
            mv.visitInsn(Opcodes.IRETURN);
            mv.visitMaxs(1, 2);
        }, false), "exceed max_stack 1"));
        a.add(new Refused("stack depth differs between paths", GeneratedClasses.policy(mv -> {
            Label join = new Label();
            mv.visitVarInsn(Opcodes.ALOAD, 1);
            mv.visitMethodInsn(Opcodes.INVOKEINTERFACE, PolicyVerifier.RUN_QUEUE, "size", "()I", true);
            mv.visitJumpInsn(Opcodes.IFEQ, join);
            mv.visitInsn(Opcodes.ICONST_1);
            mv.visitLabel(join);
            mv.visitInsn(Opcodes.ICONST_0);
            mv.visitInsn(Opcodes.IRETURN);
        }, true), "entries here but"));
        a.add(new Refused("throws the run queue", GeneratedClasses.policy(mv -> {
            mv.visitVarInsn(Opcodes.ALOAD, 1);
            mv.visitInsn(Opcodes.ATHROW);
        }, true), "throws an exception"));
        a.add(new Refused("splits a long", GeneratedClasses.policy(mv -> {
            mv.visitInsn(Opcodes.LCONST_1);
            mv.visitInsn(Opcodes.POP);
            mv.visitInsn(Opcodes.POP);
            mv.visitInsn(Opcodes.ICONST_0);
            mv.visitInsn(Opcodes.IRETURN);
        }, true), "a long"));
        a.add(new Refused("static initialiser", GeneratedClasses.withClinit(), "static initialiser"));
        a.add(new Refused("native method", GeneratedClasses.withNative(), "native"));
        a.add(new Refused("two identical pick methods", GeneratedClasses.withTwoPicks(),
                "declares pick(Loolong/api/sched/RunQueue;)I twice"));
        a.add(new Refused("two fields of one name and type", GeneratedClasses.withTwoConstants(), "declares the field K twice"));
        a.add(new Refused("truncated", Arrays.copyOf(ClassBytes.of(GoodPolicies.Fair.class), 200), "truncated"));
        byte[] magic = ClassBytes.of(GoodPolicies.Fair.class);
        magic[0] = 0x12;
        a.add(new Refused("bad magic", magic, "bad magic"));
        a.add(new Refused("empty", new byte[0], "malformed class file"));
        a.add(new Refused("too large", new byte[ClassFile.MAX_BYTES + 1], "larger than the limit"));
        // The first constant javac writes is a Methodref (tag 10), scrambled to 10 * 31 + 7 = 317,
        // i.e. the byte 61, which is no constant tag: the parser stops at the first byte it reads.
        a.add(new Refused("scrambled", GeneratedClasses.scrambled(ClassBytes.of(GoodPolicies.Fair.class)),
                "malformed class file: unknown constant tag 61 at entry 1 (at byte 11)"));
        return a;
    }

    private static Refused javac(Class<?> c, String reason) {
        return new Refused(c.getSimpleName(), ClassBytes.of(c), reason);
    }
}
