package io.localfaas.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LogTailTest {
    private static final String LOGS = String.join("\n",
            "localfaas runtime nodejs18 listening on 127.0.0.1:9123",
            "FC Invoke Start RequestId: a",
            "FC Invoke Start RequestId: b",
            "2026-01-01 00:00:00.000 a [info] from a",
            "2026-01-01 00:00:00.001 b [info] from b",
            "FC Invoke End RequestId: b",
            "FC Invoke End RequestId: a");

    @Test
    void keepsOnlyTheLinesOfTheRequest() {
        assertEquals("FC Invoke Start RequestId: a\n2026-01-01 00:00:00.000 a [info] from a\nFC Invoke End RequestId: a\n",
                LogTail.extract(LOGS, "a", 4096));
        assertEquals("", LogTail.extract(LOGS, "zzz", 4096));
    }

    @Test
    void cutsToTheLastBytesAtALineStart() {
        assertEquals("FC Invoke End RequestId: a\n", LogTail.extract(LOGS, "a", 40));
    }

    @Test
    void completeOnceTheEndMarkerIsThere() {
        assertTrue(LogTail.complete(LOGS, "a"));
        assertFalse(LogTail.complete("FC Invoke Start RequestId: c", "c"));
    }
}
