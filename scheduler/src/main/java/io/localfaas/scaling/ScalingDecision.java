package io.localfaas.scaling;

/** How many instances a function should have, and how many to start now to get there. */
public record ScalingDecision(int desired, int toStart) {
}
