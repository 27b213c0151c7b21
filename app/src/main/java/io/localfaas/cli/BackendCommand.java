package io.localfaas.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

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
        PrintWriter err = spec.commandLine().getErr();
        // up's own rules (UpPlanCommand.plan), with two of them set for this question: a project whose build actions make
        // what is missing runs on the default backend (as up --run-actions would), and when only some functions have
        // problems the backend is the file's (up runs the others with --only, or prints the problems and offers --only).
        UpCommand up = new UpCommand();
        up.config = ProjectFiles.orHere(config, err);
        up.backend = backend;
        up.runActions = true;
        up.only = runnableWhenSomeAreRefused(up.config);
        Optional<UpPlanCommand.Plan> plan = UpPlanCommand.plan(up, up.config, err);
        plan.ifPresent(p -> spec.commandLine().getOut().println(p.backend()));
        return plan.isPresent() ? 0 : 2;
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
