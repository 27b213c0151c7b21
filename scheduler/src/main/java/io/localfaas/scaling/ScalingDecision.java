package io.localfaas.scaling;

import java.util.List;

/**
 * One policy's answer for one function at one moment, the only thing the pool applies (in one place): how many
 * instances the function should have, how many to start now, and which idle instances to retire now.
 *
 * @param desired  instances the function should have
 * @param toStart  instances to start now (the pool never starts past maxInstances, nor while it backs off)
 * @param toRetire ids of idle instances to retire now (the pool skips any that became busy meanwhile)
 * @param why      what drove it, for logs; empty when nothing needs telling
 */
public record ScalingDecision(int desired, int toStart, List<String> toRetire, String why) {
    public ScalingDecision {
        if (desired < 0 || toStart < 0) {
            throw new IllegalArgumentException("desired " + desired + " and toStart " + toStart + " must not be negative");
        }
        toRetire = List.copyOf(toRetire);
    }

    /** A scale-up-only decision (the concurrency rule). */
    public ScalingDecision(int desired, int toStart) {
        this(desired, toStart, List.of(), "");
    }

    /** Whether applying it changes anything. */
    public boolean changes() {
        return toStart > 0 || !toRetire.isEmpty();
    }
}
