/**
 * The scheduler: {@link io.localfaas.Scheduler} is the one facade the gateway and the CLI use, over three parts:
 * {@link io.localfaas.PoolRegistry} (one pool per function; reloads and instanceConcurrency changes replace pools while
 * the old ones drain), {@link io.localfaas.Housekeeping} (the once-a-second loop: pools' ticks, metric sampling and the
 * watermark policy, reconciliation, orphans) and {@link io.localfaas.InstanceCalls} (the call to a leased instance and
 * the classification of its failure into what the request sees and what becomes of the instance). A request's path:
 * the gateway's handler, {@code Scheduler.invoke}, the registry's pool, a {@link io.localfaas.pool.Lease}, the call.
 * The non-blocking path takes {@link io.localfaas.Scheduler#tryAcquire}, and hands a failed call to
 * {@link io.localfaas.Scheduler#failure} off the I/O thread. Knows nothing of HTTP routing.
 */
package io.localfaas;
