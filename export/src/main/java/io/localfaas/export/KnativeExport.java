package io.localfaas.export;

import io.fabric8.knative.serving.v1.Service;
import java.util.List;

/** What an export produces: one Knative Service per function, in declaration order, and what they leave out. */
public record KnativeExport(List<Service> services, List<Unmapped> unmapped) {
    public KnativeExport {
        services = List.copyOf(services);
        unmapped = List.copyOf(unmapped);
    }
}
