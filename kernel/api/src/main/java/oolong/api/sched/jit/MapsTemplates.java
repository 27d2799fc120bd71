package oolong.api.sched.jit;

import static oolong.api.sched.jit.X86Assembler.*;

import oolong.api.probe.FixedMaps;
import oolong.api.probe.Maps;
import oolong.api.sched.vm.CompilerView;

/**
 * Templates for a probe's or a patch's maps calls (see {@link MethodCompiler} for the frame).
 * {@code add}, {@code get} and {@code put} run inline on the kernel's map memory
 * ({@link FixedMaps#memory()}, its address at JitAbi.MAPS_BASE for the run): the same Fibonacci
 * hash and linear probe as FixedMaps, the same capacity check, and an update of an absent key in a
 * full map is dropped and counted in the same word. What they cannot do inline goes out through
 * the call-out, so the maps themselves answer: a map index outside 0..COUNT-1 (they report it), or
 * no map memory handed over (MAPS_BASE 0). Both {@code hist} calls stay call-outs.
 */
final class MapsTemplates {
    private final X86Assembler a;
    private final MethodCompiler m;
    /** As MethodCompiler's: [1] collects JitAbi.USES_MAPS. */
    private final int[] queueCalls;

    MapsTemplates(X86Assembler a, MethodCompiler m, int[] queueCalls) {
        this.a = a;
        this.m = m;
        this.queueCalls = queueCalls;
    }

    /** A call to maps method id at pc, with the operand stack sp deep. */
    void call(int pc, int sp, int id) {
        if (id > 2) {
            m.yieldCall(pc, sp, JitAbi.MAPS_CALLOUT + id, CompilerView.mapsMethod(id));
            return;
        }
        queueCalls[1] |= JitAbi.USES_MAPS;
        boolean get = id == 1;
        int receiver = sp - (get ? 4 : 6);           /* maps, map (int), key (long: 2 slots)[, value (long)] */
        int slow = a.newLabel();
        int done = a.newLabel();
        int probe = a.newLabel();
        int found = a.newLabel();
        int absent = a.newLabel();
        a.aluMemImm(CMP, R12, JitAbi.MAPS_BASE, 0);
        a.jcc(E, slow);
        a.load(RAX, RBP, m.stack(receiver + 1));                 /* map */
        a.aluImm(CMP, RAX, Maps.COUNT, true);
        a.jcc(AE, slow);
        /* rcx = bytes of one table (slots * 8); rdi = map's keys, r8 its values, r9 its used flags */
        a.load(RCX, R12, JitAbi.MAPS_MASK);
        a.incDec(RCX, true);
        a.shiftImm(SHL, RCX, 3, true);
        a.mov(RDI, RAX);
        a.imul(RDI, RCX, true);
        a.mov(RDX, RDI);
        a.alu(ADD, RDI, RDI, true);
        a.alu(ADD, RDI, RDX, true);
        a.aluLoad(ADD, RDI, R12, JitAbi.MAPS_BASE);
        a.aluImm(ADD, RDI, 8 * FixedMaps.HEADER_WORDS, true);
        a.mov(R8, RDI);
        a.alu(ADD, R8, RCX, true);
        a.mov(R9, R8);
        a.alu(ADD, R9, RCX, true);
        /* rdx = hash(key) & mask: key * 2^64/phi, the high half folded into the low */
        a.load(RSI, RBP, m.stack(receiver + 2));                 /* key */
        a.movImm(RDX, 0x9E3779B97F4A7C15L);
        a.imul(RDX, RSI, true);
        a.mov(RCX, RDX);
        a.shiftImm(SHR, RCX, 32, true);
        a.alu(XOR, RDX, RCX, true);
        a.aluLoad(AND, RDX, R12, JitAbi.MAPS_MASK);
        a.bind(probe);
        a.loadIndexed(RCX, R9, RDX);
        a.test(RCX, RCX, true);
        a.jcc(E, absent);
        a.loadIndexed(RCX, RDI, RDX);
        a.alu(CMP, RCX, RSI, true);
        a.jcc(E, found);
        a.incDec(RDX, true);
        a.aluLoad(AND, RDX, R12, JitAbi.MAPS_MASK);
        a.jmp(probe);

        a.bind(found);                                           /* the key's value is r8[rdx] */
        if (get) {
            a.loadIndexed(RCX, R8, RDX);
        } else {
            a.load(RCX, RBP, m.stack(receiver + 4));
            if (id == 0) {
                a.loadIndexed(R10, R8, RDX);
                a.alu(ADD, RCX, R10, true);
            }
            a.storeIndexed(R8, RDX, RCX);
        }
        a.jmp(done);
        a.bind(absent);
        if (get) {
            a.movImm(RCX, 0);                                    /* an absent key reads 0 */
        } else {
            int full = a.newLabel();
            a.load(R10, R12, JitAbi.MAPS_BASE);                  /* size at word map, drops at COUNT + map */
            a.loadIndexed(R11, R10, RAX);
            a.aluLoad(CMP, R11, R12, JitAbi.MAPS_CAPACITY);
            a.jcc(GE, full);
            a.incDec(R11, true);
            a.storeIndexed(R10, RAX, R11);
            a.movImm(R11, 1);
            a.storeIndexed(R9, RDX, R11);
            a.storeIndexed(RDI, RDX, RSI);
            a.load(RCX, RBP, m.stack(receiver + 4));             /* a new entry's value: 0 + delta, or the value put */
            a.storeIndexed(R8, RDX, RCX);
            a.jmp(done);
            a.bind(full);
            a.aluImm(ADD, R10, 8 * Maps.COUNT, true);
            a.loadIndexed(R11, R10, RAX);
            a.incDec(R11, true);
            a.storeIndexed(R10, RAX, R11);
            a.jmp(done);
        }
        if (get) {
            a.bind(done);
            a.store(RBP, m.stack(receiver), RCX);
            int end = a.newLabel();
            a.jmp(end);
            a.bind(slow);
            m.yieldCall(pc, sp, JitAbi.MAPS_CALLOUT + id, CompilerView.mapsMethod(id));
            a.bind(end);
            return;
        }
        a.bind(slow);
        m.yieldCall(pc, sp, JitAbi.MAPS_CALLOUT + id, CompilerView.mapsMethod(id));
        a.bind(done);
    }
}
