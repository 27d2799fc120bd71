package oolong.campaign.prog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import oolong.campaign.model.Result;
import org.junit.jupiter.api.Test;

class JshEncodingTest {
    @Test
    void everyGeneratedProgramReadsBackAsItself() {
        for (long seed = 1; seed <= 3000; seed++) {
            Program p = Generator.generate(seed);
            String jsh = JshEncoder.encode(p);
            assertEquals(p, JshParser.parse(jsh), "seed " + seed + ":\n" + jsh);
        }
    }

    @Test
    void stepsThatDiedOrWereRefusedAreWrittenAsRawCommandsAndReadBack() {
        Program p = new Program(List.of(
                new Step.Pipe("p0", "h1"),
                new Step.Fork("p0", 9, "p1"),
                new Step.Read("p0", HandleRef.pipeEnd("h1", 0), 16),
                new Step.Dup("p1", HandleRef.pipeEnd("h1", 0), HandleRef.literal(-1), "d1"),
                new Step.Write("p1", HandleRef.dup("d1"), "abc"),
                new Step.Spawn("p1", "p2")));
        List<StepOutcome> died = new ArrayList<>();
        died.add(new StepOutcome(Result.returned(-24), Map.of()));
        died.add(new StepOutcome(Result.returned(-12), Map.of()));
        died.add(new StepOutcome(Result.died(143), Map.of()));
        died.add(new StepOutcome(Result.died(143), Map.of()));
        died.add(new StepOutcome(Result.died(137), Map.of()));
        died.add(new StepOutcome(Result.returned(-12), Map.of()));
        String jsh = JshEncoder.encode(p, died, null);
        assertTrue(jsh.contains("p0.command(\"pipe\"); // h1 refused: EMFILE"), jsh);
        assertTrue(jsh.contains("p0.command(\"fork 9\"); // p1 refused: ENOMEM"), jsh);
        assertTrue(jsh.contains("p0.command(\"read \" + h1[0] + \" 16\");"), jsh);
        assertTrue(jsh.contains("p1.command(\"dup \" + h1[0] + \" -1\"); // d1 not made"), jsh);
        assertTrue(jsh.contains("p1.command(\"write \" + d1 + \" abc\");"), jsh);
        assertEquals(p, JshParser.parse(jsh));
    }

    @Test
    void aReproducerCarriesItsHeaderKernelArgumentsAndTheCheckThatFails() {
        Program p = new Program(List.of(new Step.Fork("p0", 8, "p1"), new Step.Pipe("p0", "h1"),
                new Step.Dup("p0", HandleRef.pipeEnd("h1", 0), HandleRef.pipeEnd("h1", 1), "d1"),
                new Step.Close("p0", HandleRef.dup("d1"))));
        String jsh = JshEncoder.encode(p, predicted(p), new JshEncoder.Reproducer(List.of("seed 7", "what failed: check"),
                "plant=refcount", 2, new Expectation.Check("pipe write end is open but nothing references it")));
        assertTrue(jsh.startsWith("// seed 7\n// what failed: check\n//! --append \"plant=refcount\"\n"), jsh);
        assertTrue(jsh.contains("int d1 = (int) p0.dup(h1[0], h1[1]);\nk.check();"), jsh);
        assertTrue(!jsh.contains("p0.close("), "nothing after the failing step: " + jsh);
        assertEquals(p.with(p.steps().subList(0, 3)), JshParser.parse(jsh));
    }

    @Test
    void aSemanticExpectationChecksTheAnswerOfTheFailingStep() {
        Program p = new Program(List.of(new Step.Pipe("p0", "h1"), new Step.Fork("p0", 0, "p1"),
                new Step.Read("p1", HandleRef.pipeEnd("h1", 0), 2), new Step.Write("p0", HandleRef.pipeEnd("h1", 1), "abcdef")));
        String jsh = JshEncoder.encode(p, predicted(p), new JshEncoder.Reproducer(List.of("x"), null, 3,
                new Expectation.Self(Result.returned(2))));
        assertTrue(jsh.contains("var f3 = p1.readAsync(h1[0], 2);"), jsh);
        assertTrue(jsh.contains("var r = p0.commandAsync(\"write \" + h1[1] + \" abcdef\")"
                + ".completeOnTimeout(null, 5, TimeUnit.SECONDS).join();"), jsh);
        assertTrue(jsh.contains("Oolong.expect(r != null && r.path(\"result\").path(\"ret\").asLong() == 2"), jsh);
        assertEquals(p, JshParser.parse(jsh));
    }

    @Test
    void aStepThatBringsTheKernelDownIsWrappedSoTheScriptExits2() {
        Program p = new Program(List.of(new Step.Fork("p0", 0, "p1"), new Step.Kill("p1", 3)));
        String jsh = JshEncoder.encode(p, predicted(p), new JshEncoder.Reproducer(List.of("x"), null, 1,
                new Expectation.Survives("the kernel panicked")));
        assertTrue(jsh.contains("try { k.kill(p1.pid(), 3); } catch (RuntimeException e) { Oolong.expect(false, "
                + "\"the kernel panicked\" + \": \" + e.getMessage()); }\ntry { k.ping(); }"), jsh);
        assertEquals(p, JshParser.parse(jsh));
    }

    @Test
    void aSpawnTheKernelRefusedAgainstTheSeedIsChecked() {
        Program p = new Program(List.of(new Step.Spawn("p0", "p1")));
        String jsh = JshEncoder.encode(p, predicted(p), new JshEncoder.Reproducer(List.of("x"), null, 0,
                new Expectation.Self(Result.created())));
        assertTrue(jsh.contains(".handle((v, e) -> e == null).join() == true"), jsh);
        assertEquals(p, JshParser.parse(jsh));
    }

    @Test
    void aLineThatLooksLikeAStepButIsNoneIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> JshParser.parse("p0.frobnicate(3);\n"));
    }

    private static List<StepOutcome> predicted(Program p) {
        Simulation sim = new Simulation();
        List<StepOutcome> out = new ArrayList<>();
        for (Step s : p.steps()) {
            out.add(sim.apply(s));
        }
        return out;
    }
}
