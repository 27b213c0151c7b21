package io.localfaas.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code faas validate FILE...}: prints every problem as FILE:LINE:COL: key = value: rule; exit 2 if any. */
@Command(name = "validate", description = "Check configuration files and print every problem found.")
final class ValidateCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "FILE", description = "configuration files (default: the first of s.yaml, s.yml, "
            + "template.yml, template.yaml, faas.yaml in the current folder, else config/todo.yaml)")
    List<Path> files;

    @CommandLine.Option(names = "--allow-mount", paramLabel = "PATH", description = "also allow code and mount sources inside PATH "
            + "(repeatable; besides the project folder and the state folder; system folders stay refused)")
    List<Path> allowMount = new java.util.ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (files == null || files.isEmpty()) {
            files = List.of(ProjectFiles.chooseHere(spec.commandLine().getErr()));
        }
        int bad = 0;
        for (Path f : files) {
            if (ConfigFiles.load(f, ConfigOptions.NONE.withAllowMount(allowMount), spec.commandLine().getErr()).isPresent()) {
                spec.commandLine().getOut().println(f + ": ok");
            } else {
                bad++;
            }
        }
        return bad == 0 ? 0 : 2;
    }
}
