package io.localfaas.loadtest;

import java.net.URI;
import java.util.List;
import java.util.Map;

/** The request every client sends: URL, method, headers, body (may be empty). */
public record HttpTarget(URI url, String method, Map<String, List<String>> headers, byte[] body, String function) {
    public HttpTarget {
        if (!"http".equals(url.getScheme()) || url.getHost() == null) {
            throw new IllegalArgumentException("the target URL must be http://HOST:PORT/PATH, not " + url);
        }
        headers = Map.copyOf(headers);
        body = body.clone();
    }

    /** The invoke API of a function: {@code POST /2016-08-15/services/SERVICE/functions/FUNCTION/invocations}. */
    public static URI invokeUrl(URI gateway, String service, String function) {
        return gateway.resolve("/2016-08-15/services/" + service + "/functions/" + function + "/invocations");
    }
}
