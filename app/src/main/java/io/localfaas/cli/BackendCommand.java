package io.localfaas.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.localfaas.spec.AppSpec;
import io.localfaas.spec.BackendKind;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code faas backend [CONFIG]}: prints the backend {@code faas up} would run CONFIG on, {@code docker} or
 * {@code process}, and exits 0; a configuration with problems prints them and exits 2, like {@code faas validate}, unless
 * only some of its functions have problems ({@code faas up --only} may run the others, and up prints them otherwise). The
 * {@code faas} script asks it whether to set up a Docker engine.
 */
@Command(name = "backend", description = "Print the backend faas up would run CONFIG on: docker or process "
        + "(platform.backend auto: docker when an engine answers, else process).")
final class BackendCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "CONFIG", description = "configuration file (default: as for faas up)")
    Path config;

    @CommandLine.Option(names = "--backend", paramLabel = "docker|process|auto", description = "run on this backend instead of the file's "
            + "platform.backend; process (functions as local processes, no isolation) can only be chosen here")
    String backend;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        config = ProjectFiles.orHere(config, spec.commandLine().getErr());
        if (ProjectActions.onlyMissingBuildOutputs(config)) {
            // Its build actions make what is missing: faas up runs them (--run-actions) or names them.
            spec.commandLine().getOut().println(BackendChoice.resolve(io.localfaas.spec.PlatformSpec.DEFAULTS.backend(),
                    BackendChoice::engineAnswers).name().toLowerCase(java.util.Locale.ROOT));
            return 0;
        }
        // When only some functions have problems, up decides (it runs the others with --only, or prints the problems and offers
        // --only): the backend is the file's either way.
        java.util.Set<String> runnable = runnableWhenSomeAreRefused(config);
        Optional<AppSpec> app = ConfigFiles.load(config, ConfigOptions.NONE.withOnly(runnable), spec.commandLine().getErr());
        if (app.isEmpty()) {
            return 2;
        }
        BackendKind kind;
        try {
            kind = BackendChoice.chosen(backend, app.get().platform().backend());
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("faas: error: " + e.getMessage());
            return 2;
        }
        spec.commandLine().getOut().println(BackendChoice.resolve(kind, BackendChoice::engineAnswers).name().toLowerCase(java.util.Locale.ROOT));
        return 0;
    }

    private static java.util.Set<String> runnableWhenSomeAreRefused(Path config) {
        try {
            io.localfaas.spec.SpecLoader.read(config, System.getenv());
            return java.util.Set.of();
        } catch (io.localfaas.spec.ConfigException e) {
            return java.util.Set.copyOf(e.runnable());
        }
    }
}
