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

    private static final io.localfaas.spec.DomainRoute ALL = new io.localfaas.spec.DomainRoute("auto", "/*", List.of());
    private static final io.localfaas.spec.DomainRoute API = new io.localfaas.spec.DomainRoute("example.com", "/api/*", List.of(
            new io.localfaas.spec.DomainRoute.Rewrite(io.localfaas.spec.DomainRoute.RewriteKind.WILDCARD, "/api/*", "/$1")));

    private static final Router HOSTS = new Router(List.of(
            fn("web", new TriggerSpec("/svc/web", Set.of("GET", "POST")), TriggerSpec.domainRoute(ALL, Set.of("GET"),
                    io.localfaas.spec.HttpStyle.FC2)),
            fn("api", new TriggerSpec("/svc/api", Set.of("GET")), TriggerSpec.domainRoute(API, Set.of("GET", "POST"),
                    io.localfaas.spec.HttpStyle.FC3)),
            fn("internal")));

    @ParameterizedTest(name = "{0} {1}{2} -> {3}")
    @CsvSource(nullValues = "-", value = {
            // function URLs: the function at the root of its own host, whatever the path
            "GET, web.localhost:9000, /, web /",
            "GET, WEB.LOCALHOST, /assets/app.css, web /assets/app.css",
            "POST, api.localhost:9000, /2016-08-15/proxy/x, MethodNotAllowed",
            "GET, nope.localhost:9000, /, NotFound FunctionNotFound",
            "GET, internal.localhost:9000, /, NotFound FunctionNotFound",
            "GET, a.b.localhost:9000, /svc/web, web /svc/web",
            // a custom domain's name: only its routes
            "GET, example.com, /api/users, api /users",
            "GET, example.com:8080, /other, NotFound FunctionNotFound",
            // any other host: every route, the most specific first
            "GET, 127.0.0.1:9000, /svc/web/x, web /svc/web/x",
            "GET, 127.0.0.1:9000, /index.html, web /index.html",
            "GET, -, /api/users, api /users",
            "POST, 127.0.0.1:9000, /, MethodNotAllowed",
            "GET, localhost:9000, /, web /"
    })
    void hostsAndDomains(String method, String host, String path, String expected) {
        Route r = HOSTS.resolve(method, java.util.Optional.ofNullable(host), path, Optional.empty());
        String got = r instanceof Route.Found f ? f.function() + " " + f.seen(path)
                : r instanceof Route.NotFound n ? "NotFound " + n.errorCode() : r.getClass().getSimpleName();
        assertEquals(expected, got);
    }

    @Test
    void hostRoutingOffServesPathsOnly() {
        Router off = new Router(List.of(fn("web", new TriggerSpec("/svc/web", Set.of("GET")))), false);
        assertInstanceOf(Route.NotFound.class, off.resolve("GET", Optional.of("web.localhost:9000"), "/", Optional.empty()));
        assertInstanceOf(Route.Found.class, off.resolve("GET", Optional.of("web.localhost:9000"), "/svc/web", Optional.empty()));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "-", value = {"hello.localhost:9000, hello", "hello.localhost, hello", "localhost:9000, -",
            ".localhost, -", "a.b.localhost, -", "example.com, -", "[::1]:9000, -"})
    void functionOfHost(String host, String function) {
        assertEquals(Optional.ofNullable(function), Router.functionOfHost(host));
    }
}
