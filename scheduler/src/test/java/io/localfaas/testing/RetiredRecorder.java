package io.localfaas.testing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.localfaas.port.SchedulerListener;
import io.localfaas.spec.FunctionSpec;

/** Records why each instance was retired (instance id to reason). */
public final class RetiredRecorder implements SchedulerListener {
    public final Map<String, String> retired = new ConcurrentHashMap<>();

    @Override
    public void instanceRetired(FunctionSpec fn, String instanceId, String reason) {
        retired.put(instanceId, reason);
    }
}
