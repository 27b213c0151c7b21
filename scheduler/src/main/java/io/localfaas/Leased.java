package io.localfaas;

import io.localfaas.pool.FunctionPool;
import io.localfaas.pool.Lease;
import io.localfaas.pool.Outcome;
import io.localfaas.spec.FunctionSpec;

/**
 * A slot on an instance together with the pool it came from (a reload may have replaced the function's pool since):
 * give it back to that pool, exactly once, with {@link Scheduler#release} or {@link #release}.
 */
public record Leased(FunctionPool pool, Lease lease) {
    public FunctionSpec spec() {
        return pool.spec();
    }

    public void release(Outcome outcome) {
        pool.release(lease, outcome);
    }
}
