package io.localfaas;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.localfaas.port.Reload;
import io.localfaas.spec.CodeMode;
import io.localfaas.spec.FunctionSpec;
import io.localfaas.spec.Runtime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which functions a reload keeps, replaces, adds and removes. Functions are written name=memorySize. */
class ReloadPlanTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            a=128 b=128 | a=128 b=128 | []  | []  | []  | [a, b]
            a=128 b=128 | a=128 b=256 | []  | [b] | []  | [a]
            a=128       | a=128 b=128 | [b] | []  | []  | [a]
            a=128 b=128 | b=128       | []  | []  | [a] | [b]
            a=128       | c=128       | [c] | []  | [a] | []
            a=128 b=128 | b=192 c=128 | [c] | [b] | [a] | []
            """)
    void plan(String running, String next, String added, String changed, String removed, String unchanged) {
        Reload plan = Reload.plan(specs(running), specs(next));
        assertEquals(List.of(added, changed, removed, unchanged),
                List.of(plan.added().toString(), plan.changed().toString(), plan.removed().toString(), plan.unchanged().toString()));
    }

    private static List<FunctionSpec> specs(String text) {
        return Arrays.stream(text.trim().split(" ")).map(s -> s.split("=")).map(p -> new FunctionSpec("svc", p[0], Runtime.NODEJS18,
                Optional.of(Path.of("/code")), CodeMode.MOUNT, Optional.empty(), "index.handler", Optional.empty(), Optional.empty(),
                Duration.ofSeconds(3), Duration.ofSeconds(3), Integer.parseInt(p[1]), 1, 0, 10, Duration.ofMinutes(5), Map.of(),
                List.of())).toList();
    }
}
