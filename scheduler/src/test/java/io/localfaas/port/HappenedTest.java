package io.localfaas.port;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.stream.Stream;

import io.localfaas.pool.Outcome;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class HappenedTest {
    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of(new HttpTimeoutException("t"), Happened.TIMED_OUT),
                Arguments.of(new HttpConnectTimeoutException("c"), Happened.CONNECT_TIMED_OUT),
                Arguments.of(new ConnectException("refused"), Happened.REFUSED),
                Arguments.of(new EOFException("eof"), Happened.DROPPED),
                Arguments.of(new SocketException("reset"), Happened.DROPPED),
                Arguments.of(new IOException("closed"), Happened.DROPPED));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void aFailureIsClassifiedFromItsExceptionAlone(IOException e, Happened expected) {
        assertEquals(expected, Happened.of(e));
    }

    /** What happened -> whether the instance serves again, and whether the engine is asked how it ended. */
    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of(Happened.ANSWERED, Outcome.OK, false),
                Arguments.of(Happened.CLIENT_GONE, Outcome.OK, false),
                Arguments.of(Happened.CLIENT_BODY_FAILED, Outcome.OK, false),
                Arguments.of(Happened.TIMED_OUT, Outcome.TIMED_OUT, false),
                Arguments.of(Happened.CONNECT_TIMED_OUT, Outcome.CRASHED, true),
                Arguments.of(Happened.REFUSED, Outcome.CRASHED, true),
                Arguments.of(Happened.DROPPED, Outcome.CRASHED, true));
    }

    @ParameterizedTest
    @MethodSource("table")
    void whatHappenedDecidesTheInstancesFate(Happened what, Outcome outcome, boolean asksEngine) {
        assertEquals(outcome, what.outcome());
        assertEquals(asksEngine, what.asksEngine());
    }

    @ParameterizedTest
    @EnumSource(Happened.class)
    void everyCaseIsInTheTable(Happened what) {
        assertEquals(1, table().filter(a -> a.get()[0] == what).count());
    }
}
