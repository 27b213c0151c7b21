/**
 * Prometheus metrics of the gateway and the scheduler (text exposition at {@code GET /metrics}). Reads the scheduler
 * only through {@link io.localfaas.port.SchedulerListener} events and pool views; must not depend on Undertow or any
 * backend.
 */
package io.localfaas.gateway.metrics;
