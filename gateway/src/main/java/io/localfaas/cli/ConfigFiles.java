package io.localfaas.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;

import io.localfaas.spec.AppSpec;
import io.localfaas.spec.ConfigException;
import io.localfaas.spec.Problem;
import io.localfaas.spec.SpecLoader;

/** Loads a configuration file for a command, printing each problem on its own line. */
final class ConfigFiles {
    private ConfigFiles() {
    }

    static Optional<AppSpec> load(Path file, PrintWriter err) {
        try {
            return Optional.of(SpecLoader.load(file));
        } catch (ConfigException e) {
            for (Problem p : e.problems()) {
                err.println(p);
            }
            return Optional.empty();
        }
    }
}
