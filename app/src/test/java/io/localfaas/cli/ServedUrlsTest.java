package io.localfaas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.localfaas.spec.CodeMode;
import io.localfaas.spec.DomainRoute;
import io.localfaas.spec.FunctionSpec;
import io.localfaas.spec.HttpStyle;
import io.localfaas.spec.Runtime;
import io.localfaas.spec.TriggerSpec;
import org.junit.jupiter.api.Test;

class ServedUrlsTest {
    private static FunctionSpec fn(String name, TriggerSpec... triggers) {
        return new FunctionSpec("svc", name, Runtime.NODEJS18, Optional.of(Path.of("/code")), CodeMode.MOUNT, Optional.empty(), "index.handler",
                Optional.empty(), Optional.empty(), Duration.ofSeconds(3), Duration.ofSeconds(3), 128, 1, 0, 10,
                Duration.ofMinutes(5), Map.of(), List.of(triggers));
    }

    @Test
    void customDomainsAndFunctionUrlsComeFirstThenPathsAndEventFunctions() {
        List<String> lines = ServedUrls.lines(List.of(
                fn("web", new TriggerSpec("/svc/web", Set.of("GET")),
                        TriggerSpec.domainRoute(new DomainRoute("auto", "/*", List.of()), TriggerSpec.ALL_METHODS, HttpStyle.FC2)),
                fn("worker")), "http://127.0.0.1:9000", 9000, true, true);
        assertEquals(5, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).contains("http://127.0.0.1:9000/   (custom domain auto, route /*)"), lines.get(0));
        assertTrue(lines.get(1).contains("(function URL)") && lines.get(1).endsWith("http://web.localhost:9000/"), lines.get(1));
        assertTrue(lines.get(2).endsWith("http://127.0.0.1:9000/svc/web"), lines.get(2));
        assertTrue(lines.get(3).contains("(FC path)"), lines.get(3));
        assertTrue(lines.get(4).contains("(event)") && lines.get(4).contains("faas invoke worker")
                && lines.get(4).contains("/2023-03-30/functions/worker/invocations"), lines.get(4));
    }

    @Test
    void aNameThatIsNoHostNameOrANonLoopbackAddressGetsTheCurlFallback() {
        assertEquals("http://hello.localhost:9000/", ServedUrls.functionUrl("Hello", "http://127.0.0.1:9000", 9000, true));
        assertTrue(ServedUrls.functionUrl("my_fn", "http://127.0.0.1:9000", 9000, true)
                .startsWith("curl -H 'Host: my_fn.localhost' http://127.0.0.1:9000/"));
        assertTrue(ServedUrls.functionUrl("web", "http://10.0.0.5:9000", 9000, false)
                .startsWith("curl -H 'Host: web.localhost' http://10.0.0.5:9000/"));
    }

    @Test
    void hostRoutingOffPrintsNoFunctionUrl() {
        List<String> lines = ServedUrls.lines(List.of(fn("web", new TriggerSpec("/svc/web", Set.of("GET")))),
                "http://127.0.0.1:9000", 9000, true, false);
        assertTrue(lines.stream().noneMatch(l -> l.contains("function URL")), lines.toString());
    }

    @Test
    void aMountedNasFolderIsPrinted() {
        FunctionSpec f = new FunctionSpec("svc", "data", Runtime.NODEJS18, Optional.of(Path.of("/code")), CodeMode.MOUNT, Optional.empty(),
                "index.handler", Optional.empty(), Optional.empty(), Duration.ofSeconds(3), Duration.ofSeconds(3), 128, 1, 0, 10,
                Duration.ofMinutes(5), Map.of(), List.of(), 9000, List.of(), List.of(),
                List.of(new io.localfaas.spec.MountSpec(Path.of("/home/me/todos"), "/mnt/data", false)));
        List<String> lines = ServedUrls.lines(List.of(f), "http://127.0.0.1:9000", 9000, true, true);
        assertTrue(lines.stream().anyMatch(l -> l.contains("(NAS folder)") && l.endsWith("/home/me/todos -> /mnt/data")), lines.toString());
    }
}
