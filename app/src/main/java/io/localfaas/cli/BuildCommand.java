package io.localfaas.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

import io.localfaas.spec.AppSpec;
import io.localfaas.spec.FunctionSpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code faas build [FUNCTION...]}: installs each function's dependencies into its code folder inside its runtime image
 * ({@link BuildPlan}), showing the installer's output. Exit 0 when every step succeeded, 1 when one failed, 2 for a bad
 * configuration or an unknown function.
 */
@Command(name = "build", description = "Install functions' dependencies into their code folders, inside their runtime images "
        + "(python3: pip install -t . -r requirements.txt; nodejs18: npm install --omit=dev), so native packages match the runtime.")
final class BuildCommand implements Callable<Integer> {
    static final Duration STEP_TIMEOUT = Duration.ofMinutes(15);

    @Parameters(arity = "0..*", paramLabel = "FUNCTION", description = "functions to build (default: all)")
    List<String> functions;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "configuration file (default: as for faas up)")
    Path config;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    CommandRunner runner = CommandRunner.PROCESS;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        config = ProjectFiles.orHere(config, err);
        Optional<AppSpec> app = ConfigFiles.load(config, err);
        if (app.isEmpty()) {
            return 2;
        }
        List<FunctionSpec> chosen = new ArrayList<>();
        Set<String> known = new TreeSet<>();
        app.get().functions().forEach(f -> known.add(f.name()));
        for (String name : functions == null || functions.isEmpty() ? known : new java.util.LinkedHashSet<>(functions)) {
            Optional<FunctionSpec> fn = app.get().functions().stream().filter(f -> f.name().equals(name)).findFirst();
            if (fn.isEmpty()) {
                err.println("faas build: no function " + name + " in " + config + " (functions: " + String.join(", ", known) + ")");
                return 2;
            }
            chosen.add(fn.get());
        }
        int failed = 0;
        for (FunctionSpec fn : chosen) {
            for (BuildPlan.Step step : BuildPlan.of(fn, Files::isRegularFile)) {
                failed += run(step, out, err) ? 0 : 1;
            }
        }
        out.flush();
        return failed == 0 ? 0 : 1;
    }

    private boolean run(BuildPlan.Step step, PrintWriter out, PrintWriter err) {
        if (step instanceof BuildPlan.Skip skip) {
            out.println(skip.function() + ": nothing to build (" + skip.reason() + ")");
            return true;
        }
        BuildPlan.Install install = (BuildPlan.Install) step;
        out.println(install.function() + ": " + install.command() + "  (" + install.manifest() + ", in " + install.image() + ")");
        out.flush();
        if (!install.dockerfile().isEmpty()) {
            int rc = runner.run(List.of("docker", "build", "-q", "--network", "host", "-t", install.image(), "-"),
                    install.dockerfile().getBytes(StandardCharsets.UTF_8), STEP_TIMEOUT, out);
            if (rc != 0) {
                err.println("faas build: " + install.function() + ": cannot make the build image " + install.image()
                        + " (exit " + rc + "); is the runtime image there? run scripts/setup");
                return false;
            }
        }
        int rc = runner.run(BuildPlan.dockerRun(install, owner(install.codeDir()), BuildPlan.hostCaBundle(System.getenv(), Files::isRegularFile)),
                new byte[0], STEP_TIMEOUT, out);
        if (rc != 0) {
            err.println("faas build: " + install.function() + ": " + install.command().split(" ")[0] + " failed (exit " + rc
                    + "); its output is above" + (rc == 125 ? " (exit 125: docker could not start the container; is the image "
                    + install.image() + " built? run scripts/setup)" : ""));
            return false;
        }
        out.println(install.function() + ": dependencies installed in " + install.codeDir());
        return true;
    }

    /** {@code uid:gid} of the code folder, so that what the installer writes belongs to whoever owns the code. */
    static String owner(Path dir) {
        try {
            return Files.getAttribute(dir, "unix:uid") + ":" + Files.getAttribute(dir, "unix:gid");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "0:0";
        }
    }
}
