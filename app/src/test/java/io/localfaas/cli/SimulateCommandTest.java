package io.localfaas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** {@code faas simulate} and {@code faas trace generate} from the command line: bad input is exit 2 with one line; a run prints its table. */
class SimulateCommandTest {
    private static final String HELLO = Path.of("..", "config", "hello.yaml").toString();
    private static final String TRACE = Path.of("..", "bench", "traces", "generated-3fn-10m.csv").toString();

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            --start 1s                                            | faas simulate: give the trace: --trace FILE
            --trace /nonexistent.csv                              | faas simulate: no trace file /nonexistent.csv
            --trace TRACE                                         | faas simulate: no function of the trace maps to a function of CONFIG; use --map or --functions
            --trace TRACE --map rare-1=nobody                     | faas simulate: CONFIG has no function nobody (it has: hello)
            --trace TRACE --functions hello --vary memory=128     | faas simulate: --vary: unknown setting memory (known: minInstances, maxInstances, idleTimeout, instanceConcurrency, keepAlive)
            --trace TRACE --functions hello --target cold>1%      | faas simulate: --target 'cold>1%' must be cold<N%, p50<Nms, p99<Nms or throttled<=N
            --trace TRACE --functions hello --vary keepAlive=lru  | faas simulate: --vary keepAlive=lru: must be fixed or histogram
            """)
    void badInputIsExitTwo(String args, String expected) {
        List<String> argv = new ArrayList<>(List.of("simulate", HELLO));
        for (String a : args.split(" ")) {
            argv.add(a.equals("TRACE") ? TRACE : a);
        }
        ValidateCommandTest.Run run = ValidateCommandTest.faas(argv.toArray(String[]::new));
        assertEquals(2, run.exit(), String.join("\n", run.err()));
        assertEquals(List.of(expected.replace("CONFIG", HELLO)), run.err());
    }

    @Test
    void aGridRunRecommendsASettingAndPrintsItsYaml() {
        ValidateCommandTest.Run run = ValidateCommandTest.faas("simulate", HELLO, "--trace", TRACE, "--functions", "hello", "--speed", "60",
                "--start", "400ms", "--call", "20ms", "--vary", "minInstances=0,1", "--vary", "instanceConcurrency=1,16", "--target", "cold<7%");
        assertEquals(0, run.exit(), String.join("\n", run.err()));
        String out = String.join("\n", run.out());
        assertTrue(out.contains("as written") && out.contains("minInstances=1 instanceConcurrency=16"), out);
        assertTrue(out.contains("recommended (the cheapest in GB*s meeting cold<7%):\n  hello: minInstances=0 instanceConcurrency=16"), out);
        assertTrue(out.contains("functions:\n  hello:\n    minInstances: 0\n    instanceConcurrency: 16\n"), out);
    }
}
