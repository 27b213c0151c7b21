package io.localfaas.logs;

import java.util.Optional;

import io.localfaas.backend.LogStream;

/** One line a function instance printed, with the request it belongs to where known. */
public record LogLine(String instanceId, LogStream stream, Optional<String> requestId, String text) {
    /**
     * As written to the function's log file: {@code <instance> <request id or -> <text>}, control characters escaped
     * ({@link TerminalText}), so that neither {@code faas logs} nor a {@code cat} of the file obeys them.
     */
    public String fileLine() {
        return instanceId + " " + TerminalText.escape(requestId.orElse("-")) + " " + TerminalText.escape(text);
    }
}
