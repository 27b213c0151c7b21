package io.localfaas.cli;

import java.io.File;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.localfaas.spec.AppSpec;
import io.localfaas.spec.ConfigException;
import io.localfaas.spec.Confinement;
import io.localfaas.spec.EnvFile;
import io.localfaas.spec.Layers;
import io.localfaas.spec.Problem;
import io.localfaas.spec.SpecLoader;

/** Loads a configuration file for a command, printing each problem and warning on its own line. */
final class ConfigFiles {
    /** {@code faas up --layer NAME=PATH}, as {@code LOCALFAAS_LAYER_<NAME>} variables over the environment (set once, at start). */
    private static volatile Map<String, String> layerOptions = Map.of();

    private ConfigFiles() {
    }

    /** Maps FC layer names to local folders for every later load (faas up's {@code --layer NAME=PATH}; relative to the working directory). */
    static void layers(Map<String, Path> nameToPath) {
        Map<String, String> vars = new HashMap<>();
        nameToPath.forEach((name, path) -> vars.put(Layers.variable(name), path.toAbsolutePath().normalize().toString()));
        layerOptions = Map.copyOf(vars);
    }

    private static Map<String, String> environment() {
        if (layerOptions.isEmpty()) {
            return System.getenv();
        }
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(layerOptions);
        return env;
    }

    /** The file's functions, or empty when it has problems (printed to {@code err}); warnings are printed either way. */
    static Optional<AppSpec> load(Path file, PrintWriter err) {
        return load(file, null, err);
    }

    /** As {@link #load(Path, PrintWriter)}, with {@code envFile}'s variables (when not null) over the functions' own. */
    static Optional<AppSpec> load(Path file, Path envFile, PrintWriter err) {
        return load(file, envFile, java.util.Set.of(), List.of(), err);
    }

    /**
     * As {@link #load(Path, Path, PrintWriter)} with only the functions named in {@code only} (all when empty); when only
     * some functions have problems, the last line offers {@code --only} with the others.
     */
    static Optional<AppSpec> load(Path file, Path envFile, java.util.Set<String> only, PrintWriter err) {
        return load(file, envFile, only, List.of(), err);
    }

    /**
     * As {@link #load(Path, Path, PrintWriter)}, code and mounts also allowed inside {@code allowMount}
     * ({@code --allow-mount}) besides the project, the state folder and {@code $LOCALFAAS_ALLOW_MOUNT}.
     */
    static Optional<AppSpec> load(Path file, Path envFile, List<Path> allowMount, PrintWriter err) {
        return load(file, envFile, java.util.Set.of(), allowMount, err);
    }

    /** Both: only the functions in {@code only} (all when empty), with the folders of {@code allowMount} allowed. */
    static Optional<AppSpec> load(Path file, Path envFile, java.util.Set<String> only, List<Path> allowMount, PrintWriter err) {
        try {
            SpecLoader.Loaded loaded = SpecLoader.read(file, withAllowed(environment(), allowMount), only);
            loaded.warnings().forEach(w -> err.println(w.asWarning()));
            err.flush();
            return Optional.of(envFile == null ? loaded.app() : EnvFile.read(envFile).applyTo(loaded.app()));
        } catch (ConfigException e) {
            for (Problem p : e.problems()) {
                err.println(p);
            }
            if (!e.runnable().isEmpty()) {
                err.println(ConfigException.onlyHint(e.runnable()));
            }
            err.flush();
            return Optional.empty();
        }
    }

    /** {@code env} with {@code allowMount} added to {@value Confinement#ALLOW_ENV}. */
    static Map<String, String> withAllowed(Map<String, String> env, List<Path> allowMount) {
        if (allowMount == null || allowMount.isEmpty()) {
            return env;
        }
        Map<String, String> out = new HashMap<>(env);
        List<String> all = new ArrayList<>();
        Optional.ofNullable(env.get(Confinement.ALLOW_ENV)).filter(v -> !v.isBlank()).ifPresent(all::add);
        allowMount.forEach(p -> all.add(p.toAbsolutePath().normalize().toString()));
        out.put(Confinement.ALLOW_ENV, String.join(File.pathSeparator, all));
        return out;
    }
}
