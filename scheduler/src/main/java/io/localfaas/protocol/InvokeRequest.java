package io.localfaas.protocol;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A call to pass to an instance. For {@link ControlPath#INVOKE} only the body matters; for
 * {@link ControlPath#HTTP_INVOKE} method, path-and-query, headers and body are the client's request.
 *
 * @param headers client headers to forward (the gateway has already dropped hop-by-hop and {@code x-fc-*} ones)
 */
public record InvokeRequest(
        String requestId,
        ControlPath controlPath,
        String method,
        String pathAndQuery,
        Map<String, List<String>> headers,
        byte[] body,
        Optional<String> clientIp,
        Optional<String> basePath) {
    public InvokeRequest {
        headers = Map.copyOf(headers);
    }

    public static InvokeRequest event(String requestId, byte[] body) {
        return new InvokeRequest(requestId, ControlPath.INVOKE, "POST", ControlPath.INVOKE.path(), Map.of(), body,
                Optional.empty(), Optional.empty());
    }
}
