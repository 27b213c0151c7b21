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
import io.localfaas.spec.Problem;
import io.localfaas.spec.SpecLoader;

/** Loads a configuration file for a command, printing each problem and warning on its own line. */
final class ConfigFiles {
    private ConfigFiles() {
    }

    /** The file's functions, or empty when it has problems (printed to {@code err}); warnings are printed either way. */
    static Optional<AppSpec> load(Path file, PrintWriter err) {
        return load(file, ConfigOptions.NONE, err);
    }

    /** As {@link #load(Path, PrintWriter)}, shaped by the command's {@code options}. */
    static Optional<AppSpec> load(Path file, ConfigOptions options, PrintWriter err) {
        try {
            SpecLoader.Loaded loaded = SpecLoader.read(file, withAllowed(options.withLayerVariables(System.getenv()), options.allowMount()),
                    options.only());
            loaded.warnings().forEach(w -> err.println(w.asWarning()));
            err.flush();
            return Optional.of(options.envFile() == null ? loaded.app() : EnvFile.read(options.envFile()).applyTo(loaded.app()));
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
