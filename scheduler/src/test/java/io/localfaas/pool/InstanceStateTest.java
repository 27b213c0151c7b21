package io.localfaas.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;

import org.junit.jupiter.api.Test;

class InstanceStateTest {
    @Test
    void allowedTransitions() {
        assertEquals(EnumSet.of(InstanceState.INITIALIZING, InstanceState.READY, InstanceState.RETIRED), InstanceState.STARTING.next());
        assertEquals(EnumSet.of(InstanceState.READY, InstanceState.RETIRED), InstanceState.INITIALIZING.next());
        assertEquals(EnumSet.of(InstanceState.DRAINING, InstanceState.RETIRED), InstanceState.READY.next());
        assertEquals(EnumSet.of(InstanceState.RETIRED), InstanceState.DRAINING.next());
        assertEquals(EnumSet.noneOf(InstanceState.class), InstanceState.RETIRED.next());
    }

    @Test
    void drainingAndRetiredDoNotCountForScaling() {
        assertEquals(EnumSet.of(InstanceState.STARTING, InstanceState.INITIALIZING, InstanceState.READY),
                EnumSet.copyOf(java.util.Arrays.stream(InstanceState.values()).filter(InstanceState::counts).toList()));
    }
}
