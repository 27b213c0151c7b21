package io.localfaas;

import java.time.Duration;
import java.util.Optional;

import io.localfaas.port.ColdStart;
import io.localfaas.protocol.InvokeResponse;

/**
 * What one request got: the instance's answer and how it was served.
 *
 * @param coldStart present when this request paid a cold start
 */
public record Invocation(InvokeResponse response, String instanceId, Optional<ColdStart> coldStart, Duration queueWait, Duration duration) {
}
