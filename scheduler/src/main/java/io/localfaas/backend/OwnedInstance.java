package io.localfaas.backend;

import java.util.Map;

/** An instance found by its labels: used to reap what a dead platform left behind. */
public record OwnedInstance(String backendId, Map<String, String> labels) {
    public OwnedInstance {
        labels = Map.copyOf(labels);
    }
}
