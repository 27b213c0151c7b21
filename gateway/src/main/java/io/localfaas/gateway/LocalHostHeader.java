package io.localfaas.gateway;

import java.util.Locale;

/**
 * Whether a request's {@code Host} names this machine: {@code localhost} (and {@code *.localhost}), a {@code 127.x}
 * address or {@code [::1]}, with or without a port. A page of another site that rebinds its own name to 127.0.0.1 (DNS
 * rebinding) still sends its own name, so the token-less dashboard refuses it. Pure.
 */
final class LocalHostHeader {
    private LocalHostHeader() {
    }

    static boolean local(String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end > 0 && h.substring(1, end).equals("::1") && (end == h.length() - 1 || port(h.substring(end + 1)));
        }
        int colon = h.lastIndexOf(':');
        if (colon >= 0) {
            if (!port(h.substring(colon))) {
                return false;
            }
            h = h.substring(0, colon);
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h.equals("localhost") || h.endsWith(".localhost") || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    private static boolean port(String colonPort) {
        return colonPort.matches(":\\d{1,5}");
    }
}
