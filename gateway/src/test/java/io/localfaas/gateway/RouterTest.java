package io.localfaas.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

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

class RouterTest {
    private static FunctionSpec fn(String name, TriggerSpec... triggers) {
        return new FunctionSpec("svc", name, Runtime.NODEJS18, Optional.of(Path.of("/code")), CodeMode.MOUNT, Optional.empty(), "index.handler",
                Optional.empty(), Optional.empty(), Duration.ofSeconds(3), Duration.ofSeconds(3), 128, 1, 0, 10,
                Duration.ofMinutes(5), Map.of(), List.of(triggers));
    }

    private static final Router ROUTER = new Router(List.of(
            fn("hello", new TriggerSpec("/hello", Set.of("GET", "POST"))),
            fn("users", new TriggerSpec("/api/users", Set.of("GET"))),
            fn("api", new TriggerSpec("/api", Set.of("GET", "PUT"))),
            fn("internal")));

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "GET, /hello, hello",
            "POST, /hello/sub/path, hello",
            "GET, /api/users/42, users",       // longest trigger wins
            "GET, /api/orders, api",
            "PUT, /api, api",
            "GET, /2016-08-15/proxy/svc/hello/anything, hello",
            "POST, /2016-08-15/proxy/svc/hello/, hello"
    })
    void found(String method, String path, String function) {
        Route r = ROUTER.resolve(method, path);
        assertEquals(function, assertInstanceOf(Route.Found.class, r).function());
    }

    @Test
    void proxyPathCarriesTheBasePath() {
        Route.Found f = (Route.Found) ROUTER.resolve("GET", "/2016-08-15/proxy/svc/hello/x");
        assertEquals(Optional.of("/2016-08-15/proxy/svc/hello/"), f.basePath());
        assertEquals(Optional.empty(), ((Route.Found) ROUTER.resolve("GET", "/hello")).basePath());
    }

    @ParameterizedTest(name = "{0} {1} -> not found")
    @CsvSource({
            "GET, /",
            "GET, /helloworld",                              // not at a / boundary
            "GET, /2016-08-15/proxy/svc/nope/x",             // unknown function
            "GET, /2016-08-15/proxy/other/hello/x",          // wrong service
            "GET, /2016-08-15/proxy/svc/internal/x",         // no HTTP trigger
    })
    void notFound(String method, String path) {
        assertInstanceOf(Route.NotFound.class, ROUTER.resolve(method, path));
    }

    @Test
    void methodNotInTheTriggerIsRefusedWithTheAllowedOnes() {
        Route r = ROUTER.resolve("DELETE", "/hello");
        assertEquals(Set.of("GET", "POST"), assertInstanceOf(Route.MethodNotAllowed.class, r).allowed());
        assertInstanceOf(Route.MethodNotAllowed.class, ROUTER.resolve("DELETE", "/2016-08-15/proxy/svc/hello/x"));
    }

    @ParameterizedTest(name = "bad path {0}")
    @CsvSource({"/hello/../etc/passwd", "/hello/..", "/hello/./x", "/2016-08-15/proxy/svc/../hello/x"})
    void dotSegmentsAreBadPaths(String path) {
        assertInstanceOf(Route.BadPath.class, ROUTER.resolve("GET", path));
    }

    @Test
    void nulIsABadPathAndIsEscapedInTheMessage() {
        Route.BadPath b = assertInstanceOf(Route.BadPath.class, ROUTER.resolve("GET", "/hello\0x"));
        assertEquals("path /hello\\x00x contains a NUL byte or a . or .. segment", b.message());
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "POST, /2016-08-15/services/svc/functions/internal/invocations, internal",
            "POST, /2016-08-15/services/svc.LATEST/functions/hello/invocations, hello"
    })
    void invokeApi(String method, String path, String function) {
        assertEquals(function, assertInstanceOf(Route.Invoke.class, ROUTER.resolve(method, path)).function());
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "POST, /2016-08-15/services/nosvc/functions/hello/invocations, ServiceNotFound",
            "POST, /2016-08-15/services/svc/functions/nope/invocations, FunctionNotFound",
            "POST, /2016-08-15/services/svc.prod/functions/hello/invocations, AliasNotFound",
            "GET, /2016-08-15/proxy/svc/nope/x, FunctionNotFound",
            "GET, /2016-08-15/proxy/other/hello/x, ServiceNotFound"
    })
    void fcNotFoundCodes(String method, String path, String code) {
        assertEquals(code, assertInstanceOf(Route.NotFound.class, ROUTER.resolve(method, path)).errorCode());
    }

    @ParameterizedTest(name = "{0} {1} -> not supported")
    @CsvSource({
            "GET, /2016-08-15/services/svc/functions/hello/invocations",   // the invoke API is POST only
            "POST, /2016-08-15/services/svc/functions/hello",
            "POST, /2016-08-15/services/svc/functions/hello/invocations/x",
            "GET, /2016-08-15/other",
            "GET, /2016-08-15/proxy/svc"
    })
    void otherFcPathsAreNotSupported(String method, String path) {
        assertInstanceOf(Route.NotSupported.class, ROUTER.resolve(method, path));
    }

    /** The bad-name corpus, as the gateway sees names after Undertow decoded the path. */
    @ParameterizedTest(name = "bad name in {0}")
    @CsvSource({
            "/2016-08-15/services/svc/functions/..%2fetc/invocations",       // %2f stays encoded: not a name
            "/2016-08-15/services/svc/functions/a%2e%2e/invocations",
            "/2016-08-15/services/svc/functions/12abc/invocations",
            "/2016-08-15/services/s*c/functions/hello/invocations",
            "/2016-08-15/proxy/svc/hel%20lo/x",
            "/2016-08-15/services/svc/functions/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/invocations"   // 65 characters
    })
    void invalidNamesOnFcPathsAreBadPaths(String path) {
        assertInstanceOf(Route.BadPath.class, ROUTER.resolve("POST", path));
    }

    @ParameterizedTest(name = "bad path {0}")
    @CsvSource({"/2016-08-15/services/svc/functions/../invocations", "/2016-08-15/proxy/svc/../x"})
    void dotSegmentsOnFcPathsAreBadPaths(String path) {
        assertInstanceOf(Route.BadPath.class, ROUTER.resolve("POST", path));
    }

    @Test
    void nulInAFunctionNameIsABadPath() {
        assertInstanceOf(Route.BadPath.class, ROUTER.resolve("POST", "/2016-08-15/services/svc/functions/he\0llo/invocations"));
    }
}
