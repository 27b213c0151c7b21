package io.localfaas.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.localfaas.spec.Layers;

/**
 * How a command reads its configuration file: the options of {@code faas up} (and its reloads) that shape a load,
 * in one value. A command without one of them leaves it at its default.
 *
 * @param envFile    {@code --env-file}: its variables over the functions' own, or null
 * @param only       {@code --only}: just these functions (all when empty); when only some have problems, the last line
 *                   offers {@code --only} with the others
 * @param allowMount {@code --allow-mount}: folders code and mounts may also come from, besides the project, the state
 *                   folder and {@code $LOCALFAAS_ALLOW_MOUNT}
 * @param layers     {@code --layer NAME=PATH}: FC layer names mapped to local folders (relative to the working
 *                   directory), as {@code LOCALFAAS_LAYER_<NAME>} variables over the environment
 */
record ConfigOptions(Path envFile, Set<String> only, List<Path> allowMount, Map<String, Path> layers) {
    static final ConfigOptions NONE = new ConfigOptions(null, Set.of(), List.of(), Map.of());

    ConfigOptions {
        only = only == null ? Set.of() : Set.copyOf(only);
        allowMount = allowMount == null ? List.of() : List.copyOf(allowMount);
        layers = layers == null ? Map.of() : Map.copyOf(layers);
    }

    static ConfigOptions envFile(Path envFile) {
        return new ConfigOptions(envFile, Set.of(), List.of(), Map.of());
    }

    ConfigOptions withOnly(Set<String> functions) {
        return new ConfigOptions(envFile, functions, allowMount, layers);
    }

    ConfigOptions withAllowMount(List<Path> folders) {
        return new ConfigOptions(envFile, only, folders, layers);
    }

    ConfigOptions withLayers(Map<String, Path> nameToPath) {
        return new ConfigOptions(envFile, only, allowMount, nameToPath);
    }

    /** {@code env} with the layers' variables over it. */
    Map<String, String> withLayerVariables(Map<String, String> env) {
        if (layers.isEmpty()) {
            return env;
        }
        Map<String, String> out = new HashMap<>(env);
        layers.forEach((name, path) -> out.put(Layers.variable(name), path.toAbsolutePath().normalize().toString()));
        return out;
    }
}
