package io.localfaas.spec;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** A whole configuration file: platform settings and the functions of one service. */
public record AppSpec(Path source, String service, PlatformSpec platform, List<FunctionSpec> functions) {
    public AppSpec {
        functions = List.copyOf(functions);
    }

    public Optional<FunctionSpec> function(String name) {
        return functions.stream().filter(f -> f.name().equals(name)).findFirst();
    }
}
