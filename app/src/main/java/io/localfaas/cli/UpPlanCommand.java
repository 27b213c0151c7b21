package io.localfaas.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.localfaas.spec.AppSpec;
import io.localfaas.spec.PlatformSpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code faas up-plan --default-config FILE -- UP-ARGS...} (hidden): what the {@code faas} script needs to know before
 * it sets up Docker and runs {@code faas up UP-ARGS...}, read from {@code up}'s own options by {@code up}'s own parser,
 * so that the script never has to know which options take a value. Prints {@code help} when UP-ARGS ask for help or the
 * version (the script runs {@code up} at once, without set-up); otherwise, once CONFIG (named, else the project file of
 * the current folder, else FILE) has loaded, one {@code key=value} line each:
 * <pre>
 * config=PATH        the configuration file up will run
 * named=true|false   whether UP-ARGS named it (the script passes it first when not)
 * backend=docker|process
 * port=N             the port up will listen on (0: a free one)
 * default=true|false whether it is FILE (the script prints the todo app's how-to)
 * </pre>
 * Bad UP-ARGS or a configuration with problems print them, as {@code up} would, and exit 2.
 */
@Command(name = "up-plan", hidden = true, description = "For the faas script: how faas up UP-ARGS would run.")
final class UpPlanCommand implements Callable<Integer> {
    @Option(names = "--default-config", required = true, paramLabel = "FILE", description = "the configuration up runs when none is named or found")
    Path defaultConfig;

    @Parameters(arity = "0..*", paramLabel = "UP-ARGS", description = "the arguments of faas up (after --)")
    List<String> upArgs = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** What the plan found; {@code help} when up only prints help or its version. */
    record Plan(boolean help, Path config, boolean named, String backend, int port, boolean isDefault) {
        List<String> lines() {
            return help ? List.of("help") : List.of("config=" + config, "named=" + named, "backend=" + backend, "port=" + port,
                    "default=" + isDefault);
        }
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        CommandLine main = new CommandLine(new Main()).setOut(spec.commandLine().getOut()).setErr(err);
        List<String> args = new ArrayList<>(List.of("up"));
        args.addAll(upArgs);
        CommandLine.ParseResult parsed;
        try {
            parsed = main.parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            try {
                return main.getParameterExceptionHandler().handleParseException(e, args.toArray(String[]::new));
            } catch (Exception unexpected) {
                err.println("faas: error: " + e.getMessage());
                return 2;
            }
        }
        CommandLine.ParseResult up = parsed.subcommand();
        Optional<Plan> plan = up.isUsageHelpRequested() || up.isVersionHelpRequested() || parsed.isUsageHelpRequested()
                ? Optional.of(new Plan(true, null, false, "", 0, false))
                : plan((UpCommand) up.commandSpec().userObject(), defaultConfig, err);
        plan.ifPresent(p -> p.lines().forEach(spec.commandLine().getOut()::println));
        spec.commandLine().getOut().flush();
        return plan.isPresent() ? 0 : 2;
    }

    /**
     * Chooses and loads {@code up}'s configuration as {@code up} will; says which file it chose on {@code err}, and its
     * problems when it has some (empty then). Its warnings are left to {@code up}, which prints them once.
     */
    static Optional<Plan> plan(UpCommand up, Path defaultConfig, PrintWriter err) {
        boolean named = up.config != null;
        up.config = named ? up.config : ProjectFiles.choose(Path.of(""), defaultConfig, err);
        StringWriter problems = new StringWriter();
        Optional<AppSpec> app = up.load(new PrintWriter(problems, true));
        PlatformSpec platform;
        if (app.isPresent()) {
            platform = up.platform(app.get());
        } else if (up.runActions && ProjectActions.onlyMissingBuildOutputs(up.config)) {
            // What is missing is what its build actions make: up runs them first, then loads the file.
            platform = PlatformSpec.DEFAULTS.withAddress(up.host != null ? up.host : PlatformSpec.DEFAULTS.host(),
                    up.port != null ? up.port : PlatformSpec.DEFAULTS.port());
        } else {
            err.print(problems);
            err.flush();
            return Optional.empty();
        }
        String backend;
        try {
            backend = BackendChoice.resolve(up.backendKind(platform), BackendChoice::engineAnswers).name().toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            err.println("faas: error: " + e.getMessage());
            err.flush();
            return Optional.empty();
        }
        boolean isDefault = up.config.toAbsolutePath().normalize().equals(defaultConfig.toAbsolutePath().normalize());
        return Optional.of(new Plan(false, up.config, named, backend, platform.port(), isDefault));
    }
}
