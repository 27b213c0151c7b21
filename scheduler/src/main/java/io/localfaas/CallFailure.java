package io.localfaas;

import io.localfaas.failure.PlatformException;
import io.localfaas.pool.Outcome;

/**
 * What a call to an instance that failed before its answer arrived means: the failure the request sees, and the
 * outcome to release the lease with (whether the instance may serve again).
 */
public record CallFailure(PlatformException exception, Outcome outcome) {
}
