/**
 * The port between the gateway and the platform's core: {@link io.localfaas.port.Calls} hands out slots on instances
 * (never waiting on an I/O thread, waiting only on a worker) and takes each back once with what happened; what a
 * failure means is a pure function of what happened ({@link io.localfaas.port.Happened}). The gateway depends on this
 * package, the configuration model ({@code io.localfaas.spec}), the platform's failures
 * ({@code io.localfaas.failure.PlatformException}) and the call's data records ({@code protocol.InvokeRequest},
 * {@code ControlPath}, {@code RequestHead}); never on pool, backend or lifecycle.
 */
package io.localfaas.port;
