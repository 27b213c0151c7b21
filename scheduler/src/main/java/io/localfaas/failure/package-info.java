/**
 * Platform failures: what went wrong on localfaas's side (or the instance's), as opposed to a function's own error,
 * which is a result. The gateway maps each {@link io.localfaas.failure.PlatformException.Kind} to a status in one place.
 */
package io.localfaas.failure;
