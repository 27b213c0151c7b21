package io.localfaas.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import io.localfaas.failure.PlatformException;
import org.junit.jupiter.api.Test;

class ColdStartGateTest {
    @Test
    void boundsStartsAtOnceAndTheWaitForAPermit() {
        ColdStartGate gate = new ColdStartGate(2, Duration.ofMillis(20));
        gate.enter("f");
        gate.enter("f");
        assertEquals(2, gate.running());
        PlatformException e = assertThrows(PlatformException.class, () -> gate.enter("f"));
        assertEquals(PlatformException.Kind.THROTTLED, e.kind());
        gate.leave();
        gate.enter("f");
        assertEquals(2, gate.running());
    }
}
