package io.localfaas.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.localfaas.spec.CodeMode;
import io.localfaas.spec.FunctionSpec;
import io.localfaas.spec.Runtime;
import io.localfaas.spec.TriggerSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** FC 3.0's routes: the 2023-03-30 invoke API (and, below, function URLs and custom domains). */
class Fc3RoutesTest {
    private static FunctionSpec fn(String name, TriggerSpec... triggers) {
        return new FunctionSpec("svc", name, Runtime.NODEJS18, Optional.of(Path.of("/code")), CodeMode.MOUNT, Optional.empty(), "index.handler",
                Optional.empty(), Optional.empty(), Duration.ofSeconds(3), Duration.ofSeconds(3), 128, 1, 0, 10,
                Duration.ofMinutes(5), Map.of(), List.of(triggers));
    }

    private static final Router ROUTER = new Router(List.of(
            fn("hello", new TriggerSpec("/hello", Set.of("GET", "POST"))),
            fn("internal")));

    @ParameterizedTest(name = "{0} {1} ?qualifier={2} -> {3}")
    @CsvSource(nullValues = "-", value = {
            "POST, /2023-03-30/functions/hello/invocations, -, Invoke hello",
            "POST, /2023-03-30/functions/internal/invocations, LATEST, Invoke internal",
            "POST, /2023-03-30/functions/nope/invocations, -, NotFound FunctionNotFound",
            "POST, /2023-03-30/functions/hello/invocations, prod, NotFound AliasNotFound",
            "GET, /2023-03-30/functions/hello/invocations, -, NotSupported",
            "POST, /2023-03-30/functions/hello, -, NotSupported",
            "POST, /2023-03-30/functions/hello/invocations/x, -, NotSupported",
            "POST, /2023-03-30/functions/bad name/invocations, -, BadPath",
            "GET, /2023-03-30/other, -, NotSupported"
    })
    void fc3InvokeApi(String method, String path, String qualifier, String expected) {
        Route r = ROUTER.resolve(method, path, Optional.ofNullable(qualifier));
        String got = r instanceof Route.Invoke i ? "Invoke " + i.function()
                : r instanceof Route.NotFound n ? "NotFound " + n.errorCode() : r.getClass().getSimpleName();
        assertEquals(expected, got);
        assertTrue(Router.isFcPath(path));
    }
}
