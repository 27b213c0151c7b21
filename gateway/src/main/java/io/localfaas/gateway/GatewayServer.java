package io.localfaas.gateway;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import io.localfaas.Scheduler;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.PathHandler;
import io.undertow.util.Headers;
import io.undertow.util.Methods;

/** The Undertow server in front of the scheduler. {@link #start()} binds; port 0 picks a free port. */
public final class GatewayServer implements AutoCloseable {
    /** FC's limit for synchronous invocations and HTTP triggers. */
    public static final long MAX_BODY_BYTES = 32L * 1024 * 1024;

    private final Undertow server;
    private final String host;

    public GatewayServer(Scheduler scheduler, String host, int port) {
        this.host = host;
        InvokeHandler invoke = new InvokeHandler(scheduler, new Router(scheduler.functions()), MAX_BODY_BYTES);
        PathHandler paths = new PathHandler(invoke).addExactPath("/healthz", healthz());
        this.server = Undertow.builder()
                .addHttpListener(port, host)
                .setWorkerThreads(256)
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, MAX_BODY_BYTES)
                .setServerOption(UndertowOptions.MAX_HEADER_SIZE, 16 * 1024)
                .setServerOption(UndertowOptions.ALLOW_UNESCAPED_CHARACTERS_IN_URL, false)
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, 30_000)
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, 120_000)
                .setHandler(paths)
                .build();
    }

    private static HttpHandler healthz() {
        return exchange -> {
            if (!exchange.getRequestMethod().equals(Methods.GET) && !exchange.getRequestMethod().equals(Methods.HEAD)) {
                exchange.setStatusCode(405);
                exchange.endExchange();
                return;
            }
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
            exchange.getResponseSender().send("{\"status\":\"ok\"}\n", StandardCharsets.UTF_8);
        };
    }

    public void start() {
        server.start();
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    public String baseUrl() {
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
    }

    @Override
    public void close() {
        server.stop();
    }
}
