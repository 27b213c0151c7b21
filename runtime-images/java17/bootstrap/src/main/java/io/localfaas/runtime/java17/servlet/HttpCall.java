package io.localfaas.runtime.java17.servlet;

import java.util.List;
import java.util.Map;

/**
 * One HTTP invocation as the runtime received it.
 *
 * @param method     the client's method
 * @param target     the request target as received: path (percent-encoded, base path included) and query
 * @param basePath   {@code x-fc-base-path} (the FC proxy prefix), or empty
 * @param headers    the function-visible headers, lower-case names, in arrival order
 * @param body       the whole body
 * @param clientIp   {@code x-fc-client-ip}, else the peer's address
 * @param serverHost the address the runtime listens on
 * @param serverPort the port the runtime listens on
 */
public record HttpCall(
        String method,
        String target,
        String basePath,
        Map<String, List<String>> headers,
        byte[] body,
        String clientIp,
        int clientPort,
        String serverHost,
        int serverPort) {

    /** The path part of the target (still percent-encoded). */
    public String path() {
        int q = target.indexOf('?');
        return q >= 0 ? target.substring(0, q) : target;
    }

    /** The query string without {@code ?}, or null when there is none. */
    public String query() {
        int q = target.indexOf('?');
        return q >= 0 ? target.substring(q + 1) : null;
    }

    /** The base path without its trailing slash when the path lies under it, else "". */
    public String contextPath() {
        String path = path();
        String base = basePath == null ? "" : basePath.replaceAll("/+$", "");
        return !base.isEmpty() && (path.equals(base) || path.startsWith(base + "/")) ? base : "";
    }

    /** The path below the base path ({@code /2016-08-15/proxy/svc/fn/users} → {@code /users}; the base alone → {@code /}). */
    public String functionPath() {
        String base = contextPath();
        String rest = path().substring(base.length());
        return rest.isEmpty() ? "/" : rest;
    }
}
