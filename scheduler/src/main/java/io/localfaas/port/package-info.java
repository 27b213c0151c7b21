/**
 * The port between the gateway and the platform's core: {@link io.localfaas.port.Calls} hands out slots on instances
 * (never waiting on an I/O thread, waiting only on a worker) and takes each back once with what happened; what a
 * failure means is a pure function of what happened ({@link io.localfaas.port.Happened}). The admin API, dashboard,
 * gauges and log tails read through {@link io.localfaas.port.Platform} and {@link io.localfaas.port.LogTails}, which
 * hand out the records kept here (pool and instance snapshots, instance metrics, cold starts, lifecycle events). The
 * gateway depends on this
 * package, the configuration model ({@code io.localfaas.spec}), the platform's failures
 * ({@code io.localfaas.failure.PlatformException}) and the call's data records ({@code protocol.InvokeRequest},
 * {@code ControlPath}, {@code RequestHead}); never on pool, backend or lifecycle.
 */
package io.localfaas.port;
