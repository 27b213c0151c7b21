package io.localfaas.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.localfaas.backend.RunningInstance;
import io.localfaas.spec.FunctionSpec;

/**
 * Talks the instance protocol over pooled keep-alive HTTP/1.1 connections to {@code 127.0.0.1:port}. Every call is
 * bounded by a timeout; a timeout surfaces as {@link java.net.http.HttpTimeoutException}, a dead or closed instance
 * as another {@link IOException}.
 */
public final class InstanceClient implements AutoCloseable {
    /** Headers {@link HttpClient} will not let a caller set; the client manages them itself. */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "keep-alive", "transfer-encoding", "te", "trailer", "proxy-connection", "http2-settings");

    private final HttpClient http;

    public InstanceClient() {
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Sends {@code request} to {@code target}, waiting at most {@code timeout} for the whole answer. */
    public InvokeResponse send(RunningInstance target, FunctionSpec fn, InvokeRequest request, Duration timeout)
            throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(build(target, fn, request, HttpRequest.BodyPublishers.ofByteArray(request.body()), timeout),
                HttpResponse.BodyHandlers.ofByteArray());
        return new InvokeResponse(r.statusCode(), new LinkedHashMap<>(r.headers().map()), r.body(), errorType(request, r));
    }

    /**
     * Sends {@code request} with its body taken from {@code body} (streamed as it is read, when present; otherwise
     * {@link InvokeRequest#body()}) and returns as soon as the response headers arrived: {@code timeout} bounds only the
     * wait for them. The caller reads the body from {@link HttpResponse#body()} and must close it (closing it early
     * drops the connection to the instance).
     */
    public HttpResponse<InputStream> open(RunningInstance target, FunctionSpec fn, InvokeRequest request, Optional<StreamedBody> body,
            Duration timeout) throws IOException, InterruptedException {
        HttpRequest.BodyPublisher publisher = body
                .map(b -> HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(b.source()), b.length()))
                .orElseGet(() -> HttpRequest.BodyPublishers.ofByteArray(request.body()));
        return http.send(build(target, fn, request, publisher, timeout), HttpResponse.BodyHandlers.ofInputStream());
    }

    private static HttpRequest build(RunningInstance target, FunctionSpec fn, InvokeRequest request, HttpRequest.BodyPublisher body,
            Duration timeout) {
        String path = request.controlPath() == ControlPath.HTTP_INVOKE ? request.pathAndQuery() : request.controlPath().path();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + target.host() + ":" + target.port() + path))
                .timeout(timeout)
                .method(request.method(), body);
        request.headers().forEach((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> b.header(name, v));
            }
        });
        if (request.controlPath() != ControlPath.HTTP_INVOKE) {
            b.header("content-type", "application/octet-stream");
        }
        platformHeaders(fn, target, request).forEach(b::header);
        return b.build();
    }

    /** The FC error type of an answer: its {@code x-fc-error-type}, or for a custom container's event call, a non-2xx. */
    public static Optional<String> errorType(InvokeRequest request, HttpResponse<?> r) {
        Optional<String> errorType = r.headers().firstValue(InvokeResponse.ERROR_TYPE_HEADER);
        if (errorType.isEmpty() && request.controlPath() != ControlPath.HTTP_INVOKE && (r.statusCode() < 200 || r.statusCode() > 299)) {
            // A custom container signals a function error with a non-2xx status (FC: 404) and no error-type header.
            errorType = Optional.of("UnhandledInvocationError");
        }
        return errorType;
    }

    /** The {@code x-fc-*} headers FC sends on every call, from which runtimes build the {@code context}. */
    static Map<String, String> platformHeaders(FunctionSpec fn, RunningInstance target, InvokeRequest request) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("x-fc-request-id", request.requestId());
        h.put("x-fc-control-path", request.controlPath().path());
        h.put("x-fc-function-name", fn.name());
        h.put("x-fc-function-handler", fn.handler());
        h.put("x-fc-function-memory", Integer.toString(fn.memorySize()));
        h.put("x-fc-function-timeout", Long.toString(fn.timeout().toSeconds()));
        fn.initializer().ifPresent(i -> h.put("x-fc-function-initializer", i));
        h.put("x-fc-initialization-timeout", Long.toString(fn.initializationTimeout().toSeconds()));
        fn.preStop().ifPresent(p -> h.put("x-fc-instance-lifecycle-pre-stop-handler", p));
        h.put("x-fc-service-name", fn.service());
        h.put("x-fc-region", InstanceEnvironment.REGION);
        h.put("x-fc-account-id", InstanceEnvironment.ACCOUNT_ID);
        h.put("x-fc-qualifier", "LATEST");
        h.put("x-fc-instance-id", target.instanceId());
        request.clientIp().ifPresent(ip -> h.put("x-fc-client-ip", ip));
        request.basePath().ifPresent(p -> h.put("x-fc-base-path", p));
        return h;
    }

    @Override
    public void close() {
        // HttpClient gained close() only in Java 21; its connections are released with it.
    }
}
