package io.localfaas.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pure parts of faas simulate: the grid, the target, the recommendation, durations drawn from percentiles. */
class GridTargetTest {
    @Test
    void theGridIsEveryCombinationAfterTheConfigAsWritten() {
        List<Grid.Variant> v = Grid.parse(List.of("minInstances=0,1 idleTimeout=1m,5m", "instanceConcurrency=4"));
        assertEquals(List.of("as written", "minInstances=0 idleTimeout=1m instanceConcurrency=4", "minInstances=0 idleTimeout=5m instanceConcurrency=4",
                "minInstances=1 idleTimeout=1m instanceConcurrency=4", "minInstances=1 idleTimeout=5m instanceConcurrency=4"),
                v.stream().map(Grid.Variant::label).toList());
        assertEquals(List.of("as written"), Grid.parse(List.of()).stream().map(Grid.Variant::label).toList());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            minInstances                 | --vary takes KEY=V1,V2,..., not minInstances
            memory=128,256               | --vary: unknown setting memory
            minInstances=-1              | --vary minInstances=-1: out of range
            instanceConcurrency=0,500    | --vary instanceConcurrency=0: out of range
            idleTimeout=soon             | 'soon' is not a duration
            maxInstances=two             | --vary maxInstances=two: not a whole number
            """)
    void aBadGridIsRefused(String arg, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Grid.parse(List.of(arg)));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    @Test
    void aVariantThatContradictsTheFunctionDoesNotApply() {
        Grid.Variant v = Grid.parse(List.of("minInstances=5")).get(1);
        assertEquals(Optional.empty(), v.apply(SimulationTest.function("f", 1, 0, 3, Duration.ofMinutes(1))));
        Grid.Variant ok = Grid.parse(List.of("minInstances=2 idleTimeout=10m instanceConcurrency=8")).get(1);
        var fn = ok.apply(SimulationTest.function("f", 1, 0, 3, Duration.ofMinutes(1))).orElseThrow();
        assertEquals(2, fn.minInstances());
        assertEquals(Duration.ofMinutes(10), fn.idleTimeout());
        assertEquals(8, fn.instanceConcurrency());
    }

    static FunctionResult result(long cold, double p99, double gbs) {
        return new FunctionResult("f", 1000, cold, 1, p99, gbs * 8, gbs, 2, 0);
    }

    @ParameterizedTest(name = "{0}: cold {1}, p99 {2} -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            cold<1%              | 9   | 100  | true
            cold<1%              | 10  | 100  | false
            cold<=1%             | 10  | 100  | true
            cold<5%,p99<200ms    | 10  | 100  | true
            cold<5%,p99<0.05s    | 10  | 100  | false
            throttled<=0         | 10  | 100  | true
            """)
    void targets(String target, long cold, double p99, boolean meets) {
        assertEquals(meets, Target.parse(target).meets(result(cold, p99, 1)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            cold<1            | cold takes %
            p99<5%            | p50/p99 take ms or s
            cold>1%           | must be cold<N%
            """)
    void aBadTargetIsRefused(String target, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Target.parse(target));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void theRecommendationIsTheCheapestThatMeetsTheTarget() {
        List<Grid.Variant> v = Grid.parse(List.of("minInstances=0,1,2"));
        Map<Grid.Variant, FunctionResult> r = new LinkedHashMap<>();
        r.put(v.get(0), result(50, 900, 10));
        r.put(v.get(1), result(50, 900, 10));
        r.put(v.get(2), result(5, 100, 30));
        r.put(v.get(3), result(0, 100, 60));
        assertEquals(Optional.of(v.get(2)), Recommendation.choose(r, Target.parse("cold<1%")));
        assertEquals(Optional.of(v.get(3)), Recommendation.choose(r, Target.parse("cold<0.1%")));
        assertEquals(Optional.of(v.get(0)), Recommendation.choose(r, Target.parse("cold<10%")), "a tie goes to the config as written");
        assertEquals(Optional.empty(), Recommendation.choose(Map.of(v.get(0), result(50, 900, 10)), Target.parse("cold<1%")));
        assertEquals("functions:\n  api:\n    minInstances: 1\n", Recommendation.yaml("api", v.get(2)));
    }

    @ParameterizedTest(name = "quantile {0} -> {1} ms")
    @CsvSource({"0, 100", "0.5, 100", "0.7, 150", "0.9, 200", "0.95, 300", "0.99, 400", "0.999, 500", "1, 1000"})
    void durationsAreDrawnFromThePercentiles(double u, double ms) {
        DurationDistribution d = new DurationDistribution(100, 200, 300, 400, 500, 1000);
        assertEquals(ms * 1_000_000, d.at(u), 1);
    }
}
