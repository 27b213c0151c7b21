/**
 * Instance metrics: readings of each running instance's counters through the backend seam
 * ({@link io.localfaas.backend.InstanceBackend#usage}), a short window per instance, and what they mean against the
 * instance's CPU share and memory limit. No Docker, no HTTP; the caller drives the cadence.
 */
package io.localfaas.metrics;
