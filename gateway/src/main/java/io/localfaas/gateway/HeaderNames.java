package io.localfaas.gateway;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import io.localfaas.protocol.RequestHead;
import io.undertow.util.HttpString;

/** Which headers cross the gateway. */
final class HeaderNames {
    static final String REQUEST_ID = "x-fc-request-id";
    static final String ERROR_TYPE = "x-fc-error-type";
    static final String INSTANCE = "x-localfaas-instance";
    static final String COLD_START = "x-localfaas-cold-start";
    static final String START_BREAKDOWN = "x-localfaas-start-breakdown";
    static final String QUEUE_WAIT = "x-localfaas-queue-wait";
    static final HttpString INSTANCE_HEADER = HttpString.tryFromString(INSTANCE);
    static final HttpString COLD_START_HEADER = HttpString.tryFromString(COLD_START);
    static final HttpString QUEUE_WAIT_HEADER = HttpString.tryFromString(QUEUE_WAIT);

    /** Hop-by-hop headers (RFC 9110 §7.6.1) and ones the HTTP layers manage themselves. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection", "te", "trailer",
            "transfer-encoding", "upgrade", "content-length", "host", "expect", "proxy-authorization", "proxy-authenticate");

    /** Response headers the platform sets itself (FC's reserved response headers). */
    private static final Set<String> RESERVED_RESPONSE = Set.of("date", "server");

    private HeaderNames() {
    }

    /** A client header that may be forwarded to the function: not hop-by-hop, not FC's reserved {@code x-fc-*}. */
    static boolean forwardRequest(String name) {
        return REQUEST.decide(name);
    }

    /** A client header that may be forwarded and that the instance client does not write itself ({@link RequestHead#sendable}). */
    static boolean sendRequest(String name) {
        return SEND.decide(name);
    }

    /** An instance's response header that may reach the client. */
    static boolean forwardResponse(String name) {
        return RESPONSE.decide(name);
    }

    /**
     * A rule on header names, its answers kept per name as spelled (the same few names come with every request and
     * answer, so the rule runs once for each; past {@link #MAX_KEPT} names it runs every time).
     */
    private record Rule(Predicate<String> lowerCased, ConcurrentHashMap<String, Boolean> kept) {
        private static final int MAX_KEPT = 1024;

        Rule(Predicate<String> lowerCased) {
            this(lowerCased, new ConcurrentHashMap<>());
        }

        boolean decide(String name) {
            Boolean known = kept.get(name);
            if (known != null) {
                return known;
            }
            boolean passes = lowerCased.test(name.toLowerCase(Locale.ROOT));
            if (kept.size() < MAX_KEPT) {
                kept.put(name, passes);
            }
            return passes;
        }
    }

    private static final Rule REQUEST = new Rule(n -> !HOP_BY_HOP.contains(n) && !n.startsWith("x-fc-") && !n.startsWith("x-localfaas-"));
    private static final Rule SEND = new Rule(n -> REQUEST.decide(n) && RequestHead.sendable(n));
    private static final Rule RESPONSE = new Rule(n -> !HOP_BY_HOP.contains(n) && !RESERVED_RESPONSE.contains(n) && !n.startsWith("x-fc-")
            && !n.startsWith("x-localfaas-"));
}
