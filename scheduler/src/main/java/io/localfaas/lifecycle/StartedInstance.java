package io.localfaas.lifecycle;

import io.localfaas.backend.RunningInstance;

/** An instance that listens and whose initializer succeeded: it may serve. */
public record StartedInstance(RunningInstance instance, ColdStart coldStart) {
}
