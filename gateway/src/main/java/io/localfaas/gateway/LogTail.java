package io.localfaas.gateway;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * FC's {@code X-Fc-Log-Type: Tail}: the lines of one invocation out of its instance's output (the runtime marks them
 * {@code FC Invoke Start RequestId: <id>} / {@code FC Invoke End RequestId: <id>} and tags every line it logs with the
 * request id), cut to the last 4 KB. Pure.
 */
final class LogTail {
    static final int MAX_BYTES = 4096;

    private LogTail() {
    }

    /** Whether the instance's output already holds the end marker of {@code requestId}. */
    static boolean complete(String logs, String requestId) {
        return logs.contains("FC Invoke End RequestId: " + requestId);
    }

    /** Whether {@code line} holds {@code requestId} as a whole word (the runtime's tag or a marker's id). */
    static boolean names(String line, String requestId) {
        for (String token : line.split("[\\s,]+")) {
            if (token.equals(requestId)) {
                return true;
            }
        }
        return false;
    }

    /** The lines that name {@code requestId}, in order, at most the last {@code maxBytes} bytes, cut at a line start. */
    static String extract(String logs, String requestId, int maxBytes) {
        String lines = Arrays.stream(logs.split("\r?\n")).filter(l -> names(l, requestId)).collect(Collectors.joining("\n"));
        if (!lines.isEmpty()) {
            lines += "\n";
        }
        byte[] bytes = lines.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= maxBytes) {
            return lines;
        }
        int from = bytes.length - maxBytes;
        while (from < bytes.length && bytes[from - 1] != '\n') {
            from++;
        }
        return new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
    }
}
