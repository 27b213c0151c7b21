package io.localfaas.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import io.localfaas.port.ColdStart;
import org.junit.jupiter.api.Test;

class ColdStartTest {
    @Test
    void headerListsEveryPhaseAndTheirSum() {
        ColdStart cs = new ColdStart(Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(13), Duration.ofMillis(180),
                Duration.ofMillis(160), Duration.ofMillis(12));
        assertEquals(Duration.ofMillis(368), cs.total());
        assertEquals("image=1ms;wait=2ms;create=13ms;start=180ms;listen=160ms;init=12ms;total=368ms", cs.header());
    }

    @Test
    void aStemCellsHeaderSaysSpecialiseInsteadOfCreateStartListen() {
        ColdStart cs = ColdStart.specialised(Duration.ofMillis(2), Duration.ofMillis(9), Duration.ofMillis(12));
        assertEquals("stem", cs.kind());
        assertEquals("boot", new ColdStart(Duration.ofMillis(1), Duration.ofMillis(2), Duration.ZERO).kind());
        assertEquals(Duration.ofMillis(23), cs.total());
        assertEquals("image=0ms;wait=2ms;specialise=9ms;init=12ms;total=23ms", cs.header());
    }
}
