package oolong.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** The JMH benchmarks run (in this JVM, one short iteration each): the annotation processing and the states work. */
class ProcessModelBenchmarkTest {
    @Test
    void everyBenchmarkRunsAndReportsItsUnit() throws Exception {
        Options options = new OptionsBuilder()
                .include(ProcessModelBenchmark.class.getName() + "\\.")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(100))
                .param("nodes", "2000")
                .shouldFailOnError(true)
                .output("target/jmh-test.log")   /* JMH's report, out of the test log */
                .build();
        Collection<RunResult> results = new Runner(options).run();
        Map<String, String> units = new TreeMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            units.put(name.substring(name.lastIndexOf('.') + 1), r.getPrimaryResult().getScoreUnit());
            assertTrue(r.getPrimaryResult().getScore() > 0, name);
        }
        assertEquals(Map.of("chase", "ns/op", "forkKillReap", "ns/op", "walk", "ms/op", "xorshift", "ns/op"), units);
    }
}
