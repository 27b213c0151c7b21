package io.localfaas.spec;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** A whole configuration file: platform settings, the functions (of one or more services) and their timer triggers. */
public record AppSpec(Path source, String service, PlatformSpec platform, List<FunctionSpec> functions, List<TimerSpec> timers) {
    public AppSpec {
        functions = List.copyOf(functions);
        timers = List.copyOf(timers);
    }

    /** An application without timer triggers. */
    public AppSpec(Path source, String service, PlatformSpec platform, List<FunctionSpec> functions) {
        this(source, service, platform, functions, List.of());
    }

    public Optional<FunctionSpec> function(String name) {
        return functions.stream().filter(f -> f.name().equals(name)).findFirst();
    }
}
