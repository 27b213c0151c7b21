/**
 * Async invocations: bounded queue, retries with backoff, results and dead letters kept in memory, bounded. Runs
 * attempts through a {@link io.localfaas.gateway.async.AsyncInvoker.Runner}; must not depend on Undertow or any
 * backend.
 */
package io.localfaas.gateway.async;
