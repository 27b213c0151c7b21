package io.localfaas.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.localfaas.backend.RunningInstance;
import io.localfaas.spec.FunctionSpec;

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
            if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT)) && safe(name)) {
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
        InstanceClient.platformHeaders(fn, instance, request).forEach((name, v) -> h.add(new Header(name, v)));
        if (!instance.key().isEmpty()) {
            h.add(new Header(InstanceKey.HEADER, instance.key()));
        }
        h.add(new Header("content-length", Long.toString(contentLength)));
        return new RequestHead(request.method(), target, h);
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
