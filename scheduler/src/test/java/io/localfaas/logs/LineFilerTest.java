package io.localfaas.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import io.localfaas.backend.LogStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LineFilerTest {
    private static final String START = "FC Invoke Start RequestId: r-1";
    private static final String END = "FC Invoke End RequestId: r-1";
    private static final String ERR_LINE = "2026-12-07 04:50:00.123 r-1 [ERROR] conformance second line";

    /**
     * Events: "MS O|E TEXT" (a line at MS milliseconds on stdout or stderr), "MS due", or "MS sent ID" (the platform
     * sends the call ID to the instance); expected: "ID TEXT" per stored line.
     */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("a stderr line that overtook its call's Start marker follows the marker, filed under the call",
                        List.of("0 sent r-1", "0 E " + ERR_LINE, "5 O " + START, "6 O console line", "7 O " + END),
                        List.of("r-1 " + START, "r-1 " + ERR_LINE, "r-1 console line", "r-1 " + END)),
                Arguments.of("in order, nothing is held",
                        List.of("0 sent r-1", "0 O " + START, "1 E " + ERR_LINE, "2 O " + END),
                        List.of("r-1 " + START, "r-1 " + ERR_LINE, "r-1 " + END)),
                Arguments.of("a line naming a request never sent here is not held: filed under none at once",
                        List.of("0 E 2026-12-07 04:50:00.123 someone-else [info] forged", "1999 due", "2000 due"),
                        List.of("- 2026-12-07 04:50:00.123 someone-else [info] forged")),
                Arguments.of("a line naming a call sent here that never starts is filed under none when its time is up",
                        List.of("0 sent late", "0 E 2026-12-07 04:50:00.123 late [info] x", "1999 due", "2000 due"),
                        List.of("- 2026-12-07 04:50:00.123 late [info] x")),
                Arguments.of("... also when a later line arrives after its time",
                        List.of("0 sent late", "0 E 2026-12-07 04:50:00.123 late [info] x", "2500 O plain"),
                        List.of("- 2026-12-07 04:50:00.123 late [info] x", "- plain")),
                Arguments.of("another call's Start does not release it",
                        List.of("0 sent late", "0 sent r-1", "0 E 2026-12-07 04:50:00.123 late [info] x", "1 O " + START, "2 O " + END,
                                "3000 due"),
                        List.of("r-1 " + START, "r-1 " + END, "- 2026-12-07 04:50:00.123 late [info] x")),
                Arguments.of("a second Start of the call in flight is forged (filed under none) and releases nothing",
                        List.of("0 sent r-1", "0 O " + START, "1 O " + START, "2 E " + ERR_LINE, "3 O " + END),
                        List.of("r-1 " + START, "- " + START, "r-1 " + ERR_LINE, "r-1 " + END)),
                Arguments.of("a line naming a call that already ended here is filed at once",
                        List.of("0 sent r-1", "0 O " + START, "1 O " + END, "2 E " + ERR_LINE),
                        List.of("r-1 " + START, "r-1 " + END, "r-1 " + ERR_LINE)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void filesLinesInTheOrderTheCallWroteThem(String name, List<String> events, List<String> expected) {
        LineFiler filer = new LineFiler();
        List<String> got = new ArrayList<>();
        for (String e : events) {
            String[] p = e.split(" ", 3);
            long now = Long.parseLong(p[0]) * 1_000_000L;
            if (p[1].equals("sent")) {
                filer.sent(p[2]);
                continue;
            }
            List<LineFiler.Filed> out = p[1].equals("due") ? filer.due(now)
                    : filer.accept(p[1].equals("E") ? LogStream.STDERR : LogStream.STDOUT, p[2], now);
            out.forEach(f -> got.add(f.requestId().orElse("-") + " " + f.text()));
        }
        assertEquals(expected, got);
    }

    @Test
    void holdsAtMostMaxHeldLinesLettingTheOldestGoFirst() {
        LineFiler filer = new LineFiler();
        for (int i = 0; i < LineFiler.MAX_HELD; i++) {
            filer.sent("x" + i);
        }
        filer.sent("last");
        for (int i = 0; i < LineFiler.MAX_HELD; i++) {
            assertEquals(List.of(), filer.accept(LogStream.STDERR, "2026-12-07 04:50:00.123 x" + i + " [info] n", i));
        }
        List<LineFiler.Filed> out = filer.accept(LogStream.STDERR, "2026-12-07 04:50:00.123 last [info] n", 1000);
        assertEquals(List.of(new LineFiler.Filed(LogStream.STDERR, Optional.empty(), "2026-12-07 04:50:00.123 x0 [info] n", false)), out);
        assertEquals(Optional.of(1L + LineFiler.HOLD_NANOS), filer.nextDue());
    }
}
