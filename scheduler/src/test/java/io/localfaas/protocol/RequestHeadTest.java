package io.localfaas.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.localfaas.backend.RunningInstance;
import io.localfaas.spec.FunctionSpec;
import io.localfaas.testing.Probe;
import org.junit.jupiter.api.Test;

/** What both instance clients send: the head of a call (PROTOCOL.md), as a table of requests and expected heads. */
class RequestHeadTest {
    private static final FunctionSpec FN = Probe.function("head", 1, 0, 1);
    private static final RunningInstance INSTANCE = new RunningInstance("i-1", "b-1", "127.0.0.1", 9000);

    private static InvokeRequest http(String method, String pathAndQuery, Map<String, List<String>> headers) {
        return new InvokeRequest("req-1", ControlPath.HTTP_INVOKE, method, pathAndQuery, headers, new byte[0], Optional.of("10.0.0.9"),
                Optional.of("/web"));
    }

    private static List<String> names(RequestHead head) {
        return head.headers().stream().map(RequestHead.Header::name).toList();
    }

    private static Optional<String> value(RequestHead head, String name) {
        return head.headers().stream().filter(h -> h.name().equals(name)).map(RequestHead.Header::value).findFirst();
    }

    @Test
    void anHttpCallKeepsTheClientsMethodPathAndHeadersThenAddsFcHeadersAndTheLength() {
        Map<String, List<String>> client = new LinkedHashMap<>();
        client.put("accept", List.of("a/b", "c/d"));
        client.put("x-custom", List.of("1"));
        RequestHead head = RequestHead.of(INSTANCE, FN, http("PUT", "/web/x?y=1", client), 5);
        assertEquals("PUT", head.method());
        assertEquals("/web/x?y=1", head.target());
        List<String> names = names(head);
        assertEquals("host", names.get(0));
        assertEquals(List.of("accept", "accept", "x-custom"), names.subList(1, 4).stream().sorted().toList(),
                "then the client's headers (each value of a repeated one), before the platform's");
        assertEquals(List.of("a/b", "c/d"), head.headers().stream().filter(h -> h.name().equals("accept")).map(RequestHead.Header::value).toList());
        assertEquals("content-length", names.get(names.size() - 1));
        assertEquals(Optional.of("127.0.0.1:9000"), value(head, "host"));
        assertEquals(Optional.of("req-1"), value(head, "x-fc-request-id"));
        assertEquals(Optional.of("/http-invoke"), value(head, "x-fc-control-path"));
        assertEquals(Optional.of("10.0.0.9"), value(head, "x-fc-client-ip"));
        assertEquals(Optional.of("/web"), value(head, "x-fc-base-path"));
        assertEquals(Optional.of("5"), value(head, "content-length"));
        assertEquals(Optional.empty(), value(head, "content-type"), "an HTTP call keeps the client's content type (none here)");
    }

    @Test
    void headersTheClientManagesOrThatCouldBreakTheHeadAreDropped() {
        Map<String, List<String>> client = new LinkedHashMap<>();
        for (String name : List.of("Connection", "Content-Length", "Expect", "Host", "Upgrade", "Keep-Alive", "Transfer-Encoding", "TE",
                "Trailer", "Proxy-Connection", "HTTP2-Settings")) {
            client.put(name, List.of("x"));
        }
        client.put("x-split", List.of("a\r\nx-injected: 1", "kept"));
        client.put("x-bad\nname", List.of("v"));
        RequestHead head = RequestHead.of(INSTANCE, FN, http("GET", "/", client), 0);
        assertEquals(List.of("kept"), head.headers().stream().filter(h -> h.name().equals("x-split")).map(RequestHead.Header::value).toList());
        assertEquals(1, names(head).stream().filter(n -> n.equalsIgnoreCase("host")).count(), "only the platform's host");
        assertEquals(1, names(head).stream().filter(n -> n.equalsIgnoreCase("content-length")).count(), "only the platform's length");
        assertTrue(names(head).stream().noneMatch(n -> n.contains("\n") || n.equalsIgnoreCase("connection") || n.equalsIgnoreCase("te")));
    }

    @Test
    void anEventCallGoesToItsControlPathAsOctetStream() {
        RequestHead head = RequestHead.of(INSTANCE, FN, InvokeRequest.event("req-2", "{}".getBytes(StandardCharsets.UTF_8)), 2);
        assertEquals("POST", head.method());
        assertEquals("/invoke", head.target());
        assertEquals(Optional.of("application/octet-stream"), value(head, "content-type"));
        assertEquals(Optional.of("/invoke"), value(head, "x-fc-control-path"));
        assertEquals(Optional.empty(), value(head, "x-fc-client-ip"));
    }

    @Test
    void everyCallCarriesTheInstancesKeyAndNeverAClientsCopy() {
        RunningInstance keyed = INSTANCE.withKey("k-123");
        Map<String, List<String>> client = new LinkedHashMap<>();
        client.put("X-Localfaas-Instance-Key", List.of("forged"));
        for (InvokeRequest request : List.of(http("GET", "/", client), InvokeRequest.event("req-3", new byte[0]))) {
            RequestHead head = RequestHead.of(keyed, FN, request, 0);
            assertEquals(List.of("k-123"), head.headers().stream().filter(h -> h.name().equalsIgnoreCase(InstanceKey.HEADER))
                    .map(RequestHead.Header::value).toList(), request.controlPath().path());
        }
        assertTrue(names(RequestHead.of(INSTANCE, FN, http("GET", "/", client), 0)).stream()
                .noneMatch(n -> n.equalsIgnoreCase(InstanceKey.HEADER)), "no key: no header, and never the client's");
        assertTrue(!keyed.toString().contains("k-123"), "the key stays out of logs");
    }

    @Test
    void theBytesAreAnHttp11HeadEndingInABlankLine() {
        RequestHead head = new RequestHead("GET", "/p", List.of(new RequestHead.Header("host", "h:1"), new RequestHead.Header("content-length", "0")));
        assertEquals("GET /p HTTP/1.1\r\nhost: h:1\r\ncontent-length: 0\r\n\r\n", new String(head.bytes(), StandardCharsets.ISO_8859_1));
    }
}
