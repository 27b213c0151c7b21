package io.localfaas.port;

import java.util.EnumSet;
import java.util.Set;

/** The life of an instance. Only the transitions listed in {@link #next()} are allowed. */
public enum InstanceState {
    STARTING, INITIALIZING, READY, DRAINING, RETIRED;

    public Set<InstanceState> next() {
        return switch (this) {
            case STARTING -> EnumSet.of(INITIALIZING, READY, RETIRED);
            case INITIALIZING -> EnumSet.of(READY, RETIRED);
            case READY -> EnumSet.of(DRAINING, RETIRED);
            case DRAINING -> EnumSet.of(RETIRED);
            case RETIRED -> EnumSet.noneOf(InstanceState.class);
        };
    }

    /** Counts toward the function's instances for scaling (will serve, or serves). */
    public boolean counts() {
        return this == STARTING || this == INITIALIZING || this == READY;
    }
}
