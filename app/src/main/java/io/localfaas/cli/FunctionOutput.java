package io.localfaas.cli;

import java.io.PrintWriter;
import java.util.List;

import io.localfaas.logs.LogLine;
import io.localfaas.logs.TerminalText;

/**
 * What functions print, in the {@code faas up} terminal, as {@code docker compose up} shows it: each line prefixed with
 * the function, its instance and the request it belongs to ({@code -} when unknown), the prefix coloured per function
 * on a terminal. The runtime's {@code FC Invoke Start/End} markers are left to {@code faas logs}.
 */
final class FunctionOutput {
    private static final List<String> COLOURS = List.of("36", "33", "32", "35", "34", "96", "93", "92", "95", "94");

    private FunctionOutput() {
    }

    /** The printed line, or null for a line that is not shown. Pure. */
    static String format(String function, LogLine line, boolean colour) {
        if (line.text().startsWith("FC Invoke Start RequestId: ") || line.text().startsWith("FC Invoke End RequestId: ")) {
            return null;
        }
        String instance = line.instanceId().startsWith(function + "-") ? line.instanceId().substring(function.length() + 1) : line.instanceId();
        String request = TerminalText.escape(line.requestId().map(r -> r.length() > 8 ? r.substring(0, 8) : r).orElse("-"));
        String prefix = function + "." + instance + " " + request + " |";
        if (colour) {
            prefix = "\u001b[" + COLOURS.get(Math.floorMod(function.hashCode(), COLOURS.size())) + "m" + prefix + "\u001b[0m";
        }
        // Text, not commands: a function's escape sequences and carriage returns are shown, not obeyed.
        return prefix + " " + TerminalText.escape(line.text());
    }

    /** A printer onto {@code out}; coloured when {@code colour}. */
    static java.util.function.BiConsumer<String, LogLine> printer(PrintWriter out, boolean colour) {
        return (function, line) -> {
            String text = format(function, line, colour);
            if (text != null) {
                synchronized (out) {
                    out.println(text);
                    out.flush();
                }
            }
        };
    }
}
