package io.localfaas.gateway;

import java.time.Duration;
import java.util.UUID;

import io.localfaas.gateway.metrics.GatewayMetrics;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First handler of every request, on the I/O thread: gives it a request id ({@code x-fc-request-id} on every
 * answer), arranges its one access-log line and metrics sample, and refuses (400 InvalidArgument) headers with CR,
 * LF or NUL, more than {@code maxHeaderBytes} of headers and more than {@code maxPathQueryBytes} of path + query.
 */
final class RequestGuard implements HttpHandler {
    private static final Logger ACCESS = LoggerFactory.getLogger("access");

    private final HttpHandler next;
    private final GatewayMetrics metrics;
    private final int maxHeaderBytes;
    private final int maxPathQueryBytes;

    RequestGuard(HttpHandler next, GatewayMetrics metrics, int maxHeaderBytes, int maxPathQueryBytes) {
        this.next = next;
        this.metrics = metrics;
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxPathQueryBytes = maxPathQueryBytes;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        long t0 = System.nanoTime();
        String id = UUID.randomUUID().toString();
        Exchanges.Access access = new Exchanges.Access();
        exchange.putAttachment(Exchanges.REQUEST_ID, id);
        exchange.putAttachment(Exchanges.ACCESS, access);
        Exchanges.header(exchange, HeaderNames.REQUEST_ID, id);
        exchange.addExchangeCompleteListener((ex, nextListener) -> {
            try {
                long nanos = System.nanoTime() - t0;
                ACCESS.info("{} {} {} fn={} instance={} {} queue={}ms duration={}ms status={}", id, ex.getRequestMethod(),
                        Router.printable(ex.getRequestPath()), access.function, access.instance, access.served, access.queueWaitMillis,
                        nanos / 1_000_000, ex.getStatusCode());
                metrics.request(access.function, ex.getStatusCode(), Duration.ofNanos(nanos));
            } finally {
                nextListener.proceed();
            }
        });
        String problem = problem(exchange);
        if (problem != null) {
            Exchanges.sendError(exchange, ErrorResponse.invalidArgument(problem));
            return;
        }
        next.handleRequest(exchange);
    }

    private String problem(HttpServerExchange exchange) {
        long total = 0;
        for (HeaderValues values : exchange.getRequestHeaders()) {
            String name = values.getHeaderName().toString();
            if (unsafe(name)) {
                return "header name " + Router.printable(name) + " contains a CR, LF or NUL character";
            }
            for (String v : values) {
                if (unsafe(v)) {
                    return "header " + Router.printable(name) + " contains a CR, LF or NUL character";
                }
                total += name.length() + v.length() + 4;
            }
        }
        if (total > maxHeaderBytes) {
            return "request headers are " + total + " bytes, more than the limit of " + maxHeaderBytes;
        }
        String q = exchange.getQueryString();
        long pathQuery = exchange.getRequestURI().length() + (q == null || q.isEmpty() ? 0 : q.length() + 1);
        if (pathQuery > maxPathQueryBytes) {
            return "path and query are " + pathQuery + " bytes, more than the limit of " + maxPathQueryBytes;
        }
        return null;
    }

    private static boolean unsafe(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r' || c == '\n' || c == '\0') {
                return true;
            }
        }
        return false;
    }
}
