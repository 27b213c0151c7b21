package io.localfaas.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.localfaas.spec.BuildActions;
import io.localfaas.spec.ConfigException;
import io.localfaas.spec.Problem;
import io.localfaas.spec.SpecLoader;

/** A project file's build actions as {@code faas up} reads them, and the hint naming the action that makes a missing artifact. */
final class ProjectActions {
    private ProjectActions() {
    }

    /** The actions of {@code config} (none when it is not an s.yaml or cannot be read). */
    static List<BuildActions.Action> of(Path config) {
        try {
            if (Files.size(config) > (1 << 20)) {
                return List.of();
            }
            return BuildActions.of(config, Files.readString(config));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** For each code path the loader did not find, the action that makes it, when the project has one. */
    static void explainMissing(Path config, List<BuildActions.Action> actions, PrintWriter err) {
        if (actions.stream().noneMatch(BuildActions.Action::runnable)) {
            return;
        }
        try {
            SpecLoader.read(config, System.getenv());
        } catch (ConfigException e) {
            for (Problem p : e.problems()) {
                if (p.rule().startsWith("no such directory or file") && p.value() != null) {
                    Path missing = config.toAbsolutePath().getParent().resolve(p.value());
                    Optional<BuildActions.Action> maker = BuildActions.makerOf(missing, actions);
                    maker.ifPresent(a -> err.println("faas: " + p.value() + " is what the build action " + a + " makes: run it, or "
                            + "faas up --run-actions"));
                }
            }
        }
        err.flush();
    }

    /**
     * Whether {@code config} is refused only for code paths that do not exist yet while it has build actions that may
     * make them (then {@code faas up --run-actions} can still start it).
     */
    static boolean onlyMissingBuildOutputs(Path config) {
        if (of(config).stream().noneMatch(BuildActions.Action::runnable)) {
            return false;
        }
        try {
            SpecLoader.read(config, System.getenv());
            return false;
        } catch (ConfigException e) {
            return e.problems().stream().allMatch(p -> p.rule().startsWith("no such directory or file"));
        }
    }
}
