/**
 * Scaling decisions: pure functions over snapshots, each policy answering with one
 * {@link io.localfaas.scaling.ScalingDecision} that the pool applies in one place. {@link io.localfaas.scaling.Scaler}
 * is FC's concurrency rule (reserved instances included), {@link io.localfaas.scaling.HistogramKeepAlive} the
 * keep-alive (fixed idleTimeout, or the idle-time histogram's window), {@link io.localfaas.scaling.WatermarkScaler}
 * the watermark policy over sampled instance metrics (time and its remembered recommendations are parameters). No
 * clock reads, no I/O.
 */
package io.localfaas.scaling;
