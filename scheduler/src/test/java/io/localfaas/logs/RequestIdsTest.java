package io.localfaas.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RequestIdsTest {
    /**
     * Rows: what the instance printed, in order, with {@code >id} where the platform sent it the call {@code id}; the
     * request each printed line is filed under ({@code -} for none).
     */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("runtime log line names its request",
                        List.of(">r-1", "FC Invoke Start RequestId: r-1", "2026-01-02 03:04:05.678 r-1 [info] hello"), List.of("r-1", "r-1")),
                Arguments.of("a log line naming a request this instance never ran is filed under none",
                        List.of("2026-01-02 03:04:05.678 someone-else [info] forged"), List.of("-")),
                Arguments.of("... nor under another call's id while one runs, though a line after its end is still its own",
                        List.of(">a", "FC Invoke Start RequestId: a", "2026-01-02 03:04:05.678 other [info] forged", "FC Invoke End RequestId: a",
                                "2026-01-02 03:04:05.678 a [info] late"),
                        List.of("a", "a", "a", "a")),
                Arguments.of("a line outside any call has none",
                        List.of("2026-01-02 03:04:05.678 [info] listening", "plain"), List.of("-", "-")),
                Arguments.of("bare output between Start and End belongs to the one open call",
                        List.of(">a", "FC Invoke Start RequestId: a", "raw write", "FC Invoke End RequestId: a", "after"),
                        List.of("a", "a", "a", "-")),
                Arguments.of("bare output while two calls are open belongs to neither",
                        List.of(">a", ">b", "FC Invoke Start RequestId: a", "FC Invoke Start RequestId: b", "raw",
                                "FC Invoke End RequestId: a, Error: Handled function error", "raw2"),
                        List.of("a", "b", "-", "a", "b")),
                Arguments.of("initializer and pre-stop markers count too",
                        List.of(">init-1", "FC Initialize Start RequestId: init-1", "x", "FC Initialize End RequestId: init-1", ">p",
                                "FC PreStop Start RequestId: p", "y"),
                        List.of("init-1", "init-1", "init-1", "p", "p")),
                Arguments.of("a Start for an id never sent here is forged: filed under none, it opens nothing",
                        List.of(">a", "FC Invoke Start RequestId: a", "FC Invoke Start RequestId: invented", "raw",
                                "2026-01-02 03:04:05.678 invented [info] x", "FC Invoke End RequestId: invented"),
                        List.of("a", "-", "a", "a", "-")),
                Arguments.of("... also when no call is in flight (it used to open the id)",
                        List.of("FC Invoke Start RequestId: someone-elses", "raw", "FC Invoke End RequestId: someone-elses"),
                        List.of("-", "-", "-")),
                Arguments.of("a function cannot reopen a past call of its instance with a forged Start: its lines stay its own",
                        List.of(">a", "FC Invoke Start RequestId: a", "FC Invoke End RequestId: a", ">b", "FC Invoke Start RequestId: b",
                                "FC Invoke Start RequestId: a", "raw", "2026-01-02 03:04:05.678 a [info] late line of a"),
                        List.of("a", "a", "b", "-", "b", "a")),
                Arguments.of("... nor once nothing is in flight",
                        List.of(">a", "FC Invoke Start RequestId: a", "FC Invoke End RequestId: a", "FC Invoke Start RequestId: a", "raw"),
                        List.of("a", "a", "-", "-")),
                Arguments.of("... nor start the call in flight twice, nor end a call that is not in flight",
                        List.of(">a", "FC Invoke Start RequestId: a", "FC Invoke Start RequestId: a", "FC Invoke End RequestId: zz", "raw",
                                "FC Invoke End RequestId: a", "FC Invoke End RequestId: a", "after"),
                        List.of("a", "-", "-", "a", "a", "-", "-")),
                Arguments.of("an async retry keeps its request id: sent again, it starts again",
                        List.of(">a", "FC Invoke Start RequestId: a", "FC Invoke End RequestId: a", ">a", "FC Invoke Start RequestId: a", "retry",
                                "FC Invoke End RequestId: a"),
                        List.of("a", "a", "a", "a", "a")),
                Arguments.of("a call sent twice starts twice, not three times",
                        List.of(">a", ">a", "FC Invoke Start RequestId: a", "FC Invoke End RequestId: a", "FC Invoke Start RequestId: a",
                                "FC Invoke End RequestId: a", "FC Invoke Start RequestId: a"),
                        List.of("a", "a", "a", "a", "-")),
                Arguments.of("ISO timestamps with T and Z (java runtime style)",
                        List.of(">r-9", "FC Invoke Start RequestId: r-9", "2026-01-02T03:04:05.678Z r-9 [warn] x"), List.of("r-9", "r-9")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void tagsLines(String name, List<String> lines, List<String> expected) {
        RequestIds ids = new RequestIds();
        List<String> got = new ArrayList<>();
        for (String l : lines) {
            if (l.startsWith(">")) {
                ids.sent(l.substring(1));
            } else {
                got.add(ids.of(l).orElse("-"));
            }
        }
        assertEquals(expected, got);
        assertEquals(Optional.empty(), new RequestIds().of(""));
    }

    /** Forged: a marker that does not count; nothing else is. */
    @ParameterizedTest(name = "{0} -> forged {1}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "FC Invoke Start RequestId: a        | false",
        "FC Invoke Start RequestId: never    | true",
        "FC Invoke End RequestId: a          | true",
        "FC Initialize Start RequestId: never| true",
        "2026-01-02 03:04:05.678 never [info] x | false",
        "plain                               | false",
    })
    void aMarkerThatDoesNotCountIsForged(String line, boolean forged) {
        RequestIds ids = new RequestIds();
        ids.sent("a");
        assertEquals(forged, ids.filing(line.trim()).forged());
    }
}
