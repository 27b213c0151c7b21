package io.localfaas.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;

import io.localfaas.backend.RunningInstance;
import io.localfaas.spec.FunctionSpec;
import io.localfaas.spec.InstanceEnvironment;

/**
 * The head of one call to an instance (PROTOCOL.md): method, request target, and the headers in the order they are
 * sent: the client's forwardable headers, then the {@code x-fc-*} headers FC sends on every call, then Content-Length.
 * Both instance clients send exactly this: the blocking one as bytes ({@link #bytes()}), the gateway's non-blocking one
 * header by header.
 */
public record RequestHead(String method, String target, List<Header> headers) {
    /** Headers the clients manage themselves; a caller's are dropped. */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "keep-alive", "transfer-encoding", "te", "trailer", "proxy-connection", "http2-settings", InstanceKey.HEADER);

    public record Header(String name, String value) {
    }

    public RequestHead {
        headers = List.copyOf(headers);
    }

    /** The head of {@code request} to {@code instance} with a body of {@code contentLength} bytes. */
    public static RequestHead of(RunningInstance instance, FunctionSpec fn, InvokeRequest request, long contentLength) {
        String target = request.controlPath() == ControlPath.HTTP_INVOKE ? request.pathAndQuery() : request.controlPath().path();
        List<Header> h = new ArrayList<>(24);
        h.add(new Header("host", clientHost(request).orElse(instance.host() + ':' + instance.port())));
        request.headers().forEach((name, values) -> {
            if (sendable(name) && safe(name)) {
                for (String v : values) {
                    if (safe(v)) {
                        h.add(new Header(name, v));
                    }
                }
            }
        });
        if (request.controlPath() != ControlPath.HTTP_INVOKE) {
            h.add(new Header("content-type", "application/octet-stream"));
        }
        requestHeaders(request, (name, v) -> h.add(new Header(name, v)));
        h.addAll(instanceHeaders(instance, fn));
        h.add(new Header("content-length", Long.toString(contentLength)));
        return new RequestHead(request.method(), target, h);
    }

    /**
     * The headers of every call to {@code instance} that do not depend on the request, in the order {@link #of} sends
     * them: FC's {@code x-fc-*} headers of the function and the instance, and its instance key. A caller that sends calls
     * itself (the gateway) makes these once per instance and adds the request's own: the client's headers,
     * {@code x-fc-request-id}, {@code x-fc-control-path}, {@code x-fc-client-ip}, {@code x-fc-base-path}, Host and
     * Content-Length.
     */
    public static List<Header> instanceHeaders(RunningInstance instance, FunctionSpec fn) {
        List<Header> h = new ArrayList<>(14);
        h.add(new Header("x-fc-function-name", fn.name()));
        h.add(new Header("x-fc-function-handler", fn.handler()));
        h.add(new Header("x-fc-function-memory", Integer.toString(fn.memorySize())));
        h.add(new Header("x-fc-function-timeout", Long.toString(fn.timeout().toSeconds())));
        fn.initializer().ifPresent(i -> h.add(new Header("x-fc-function-initializer", i)));
        h.add(new Header("x-fc-initialization-timeout", Long.toString(fn.initializationTimeout().toSeconds())));
        fn.preStop().ifPresent(p -> h.add(new Header("x-fc-instance-lifecycle-pre-stop-handler", p)));
        h.add(new Header("x-fc-service-name", fn.service()));
        h.add(new Header("x-fc-region", InstanceEnvironment.REGION));
        h.add(new Header("x-fc-account-id", InstanceEnvironment.ACCOUNT_ID));
        h.add(new Header("x-fc-qualifier", "LATEST"));
        h.add(new Header("x-fc-instance-id", instance.instanceId()));
        if (!instance.key().isEmpty()) {
            h.add(new Header(InstanceKey.HEADER, instance.key()));
        }
        return List.copyOf(h);
    }

    /**
     * FC's {@code x-fc-*} headers of one request (with {@link #instanceHeaders}, those from which runtimes build the
     * {@code context}): its id, its control path, the client's address and the trigger's base path when known.
     */
    public static void requestHeaders(InvokeRequest request, BiConsumer<String, String> out) {
        out.accept("x-fc-request-id", request.requestId());
        out.accept("x-fc-control-path", request.controlPath().path());
        request.clientIp().ifPresent(ip -> out.accept("x-fc-client-ip", ip));
        request.basePath().ifPresent(p -> out.accept("x-fc-base-path", p));
    }

    /** Whether a caller's header of this name is sent to an instance (the clients manage the others themselves). */
    public static boolean sendable(String name) {
        return !RESTRICTED.contains(name.toLowerCase(Locale.ROOT));
    }

    /**
     * The {@code Host} the client asked for ({@code x-forwarded-host}, which the gateway sets on HTTP-trigger calls): an
     * HTTP function sees it, as on FC, so that the absolute URLs it builds point where the client went.
     */
    static java.util.Optional<String> clientHost(InvokeRequest request) {
        if (request.controlPath() != ControlPath.HTTP_INVOKE) {
            return java.util.Optional.empty();
        }
        List<String> v = request.headers().get("x-forwarded-host");
        return v == null || v.isEmpty() || !safe(v.get(0)) || v.get(0).isBlank() ? java.util.Optional.empty() : java.util.Optional.of(v.get(0));
    }

    /** The head as HTTP/1.1 bytes, blank line included. */
    public byte[] bytes() {
        StringBuilder b = new StringBuilder(1024);
        b.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        for (Header h : headers) {
            b.append(h.name()).append(": ").append(h.value()).append("\r\n");
        }
        return Http1Connection.ascii(b.append("\r\n"));
    }

    /** A header name or value that cannot break a request head: no CR, LF or NUL (the gateway refuses others). */
    public static boolean safe(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r' || c == '\n' || c == '\0') {
                return false;
            }
        }
        return true;
    }
}
