/**
 * Scaling decisions: pure functions over snapshots. {@link io.localfaas.scaling.Scaler} is FC's concurrency rule,
 * {@link io.localfaas.scaling.WatermarkScaler} the watermark policy over sampled instance metrics (time and its
 * remembered recommendations are parameters). No clock reads, no I/O.
 */
package io.localfaas.scaling;
