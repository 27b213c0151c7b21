package io.localfaas.gateway;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.localfaas.gateway.upstream.HeadBytes;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;

/**
 * The client's headers as an HTTP-trigger call passes them to the function: those it may see (no hop-by-hop, no
 * {@code x-fc-*}, never a client-sent claims header), then {@code x-forwarded-host} (the client's Host), then the
 * verified JWT's claims when the trigger checks tokens. {@link #copy} writes them straight from the exchange's parsed
 * headers into the call to the instance (no map or list per request); {@link #map} is the same as a map, for FC 3.0's
 * HTTP event, whose JSON carries them.
 *
 * @param claimsHeader the trigger's claims header (a client's own is never passed on)
 * @param claims       the verified claims as JSON, null when the trigger checks no token
 */
record ClientHeaders(String claimsHeader, String claims) {
    static final String FORWARDED_HOST = "x-forwarded-host";
    private static final HttpString FORWARDED_HOST_NAME = HttpString.tryFromString(FORWARDED_HOST);

    /** Whether the client's header {@code name} reaches the function ({@code hasHost}: the request has a Host, which replaces any x-forwarded-host). */
    boolean passes(String name, boolean hasHost) {
        return HeaderNames.forwardRequest(name) && others(name, hasHost);
    }

    /** The part of {@link #passes} that depends on the trigger and the request: not its claims header, nor a stale x-forwarded-host. */
    private boolean others(String name, boolean hasHost) {
        return !name.equalsIgnoreCase(claimsHeader) && !(hasHost && name.equalsIgnoreCase(FORWARDED_HOST));
    }

    /** Writes the headers into a call's head {@code out}, as they came in {@code in} (but those the instance client manages itself). */
    void copy(HeaderMap in, HeadBytes out) {
        String host = in.getFirst(Headers.HOST);
        for (HeaderValues values : in) {
            HttpString name = values.getHeaderName();
            String n = name.toString();
            if (HeaderNames.sendRequest(n) && others(n, host != null)) {
                for (String value : values) {
                    out.header(name, value);
                }
            }
        }
        if (host != null) {
            out.header(FORWARDED_HOST_NAME, host);
        }
        if (claims != null) {
            out.header(claimsHeader, claims);
        }
    }

    /** The headers as a map, in the same order. */
    Map<String, List<String>> map(HeaderMap in) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        String host = in.getFirst(Headers.HOST);
        for (HeaderValues values : in) {
            String name = values.getHeaderName().toString();
            if (passes(name, host != null)) {
                out.put(name, List.copyOf(values));
            }
        }
        if (host != null) {
            out.put(FORWARDED_HOST, List.of(host));
        }
        if (claims != null) {
            out.put(claimsHeader, List.of(claims));
        }
        return out;
    }
}
