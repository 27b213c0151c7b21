package io.localfaas.gateway;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.localfaas.protocol.InvokeRequest;
import io.localfaas.spec.InstanceEnvironment;
import io.undertow.server.HttpServerExchange;

/**
 * An HTTP trigger of FC 3.0's style in front of a built-in runtime: the request becomes FC 3.0's v1 event
 * ({@link HttpEvent#event}), sent as an event invocation ({@code /invoke}), and the function's result becomes the
 * answer ({@link FcAnswer#EVENT}). The body is read whole without blocking (an event carries it), then the call goes
 * the one way ({@link CallPath}).
 */
final class HttpEventHandler {
    private final long maxBodyBytes;
    private final CallPath path;
    private final Clock clock;

    HttpEventHandler(long maxBodyBytes, CallPath path, Clock clock) {
        this.maxBodyBytes = maxBodyBytes;
        this.path = path;
        this.clock = clock;
    }

    /** On the I/O thread; {@code headers} are the client's as a function may see them. */
    void handle(HttpServerExchange exchange, Route.Found found, Map<String, List<String>> headers, boolean fcPath) {
        Forwarding.receive(exchange, maxBodyBytes, fcPath,
                body -> path.forward(exchange, found.function(), request(exchange, found, headers, body), FcAnswer.EVENT));
    }

    private InvokeRequest request(HttpServerExchange exchange, Route.Found found, Map<String, List<String>> headers, byte[] body) {
        String requestId = Exchanges.requestId(exchange);
        return InvokeRequest.event(requestId, HttpEvent.event(snapshot(exchange, found, headers, body, requestId)));
    }

    private HttpEvent.Request snapshot(HttpServerExchange exchange, Route.Found found, Map<String, List<String>> forwarded, byte[] body,
            String requestId) {
        String host = exchange.getRequestHeaders().getFirst("Host");
        Map<String, List<String>> headers = new LinkedHashMap<>(forwarded);
        headers.remove("x-forwarded-host");
        if (host != null) {
            headers.put("Host", List.of(host));
        }
        String rawPath = found.seen(exchange.getRequestURI());
        if (found.basePath().isPresent() && rawPath.startsWith(found.basePath().get())) {
            rawPath = "/" + rawPath.substring(found.basePath().get().length());
        } else if (found.basePath().isPresent()) {
            rawPath = "/";
        }
        InetSocketAddress peer = exchange.getSourceAddress();
        String sourceIp = peer == null || peer.getAddress() == null ? "" : peer.getAddress().getHostAddress();
        return new HttpEvent.Request(exchange.getRequestMethod().toString(), rawPath,
                Optional.ofNullable(exchange.getQueryString()).orElse(""), headers, body, sourceIp, exchange.getProtocol().toString(),
                host, requestId, InstanceEnvironment.ACCOUNT_ID, clock.instant());
    }
}
