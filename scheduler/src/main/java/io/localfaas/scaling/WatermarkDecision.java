package io.localfaas.scaling;

/**
 * The watermark policy's answer.
 *
 * @param desired  instances the function should have
 * @param toStart  instances to start now
 * @param toRetire instances to retire now (idle ones; the pool picks them)
 * @param why      the metric and ratio that drove it, for the dashboard and logs
 * @param next     the state to pass to the next decision
 */
public record WatermarkDecision(int desired, int toStart, int toRetire, String why, WatermarkState next) {
}
