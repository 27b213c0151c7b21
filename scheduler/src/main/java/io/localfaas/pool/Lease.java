package io.localfaas.pool;

import java.time.Duration;
import java.util.Optional;

import io.localfaas.backend.RunningInstance;
import io.localfaas.port.ColdStart;

/**
 * One request's slot on one instance, held until {@link FunctionPool#release}.
 *
 * @param coldStart present when this request waited for the instance to start (it paid the cold start)
 */
public record Lease(String instanceId, RunningInstance instance, Optional<ColdStart> coldStart, Duration queueWait) {
    public boolean cold() {
        return coldStart.isPresent();
    }
}
