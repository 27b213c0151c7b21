/**
 * Benchmarks of the scheduler on the real Docker engine (loopback only, bounded in count and time). Uses the
 * scheduler's public API and its Docker backend; nothing here is used by the platform.
 */
package io.localfaas.bench;
