package io.localfaas.lifecycle;

import io.localfaas.backend.RunningInstance;
import io.localfaas.port.ColdStart;

/** An instance that listens and whose initializer succeeded: it may serve. */
public record StartedInstance(RunningInstance instance, ColdStart coldStart) {
}
