package io.localfaas.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Which configuration file {@code faas up} and {@code faas validate} use when none is named: the first of
 * {@link #NAMES} in the current folder (as {@code s deploy}, {@code fun local} and {@code sam local} look there),
 * else the shipped default app. The {@code faas} script searches the same names (a test keeps them equal).
 */
final class ProjectFiles {
    /** Project file names, in the order they are looked for. */
    static final List<String> NAMES = List.of("s.yaml", "s.yml", "template.yml", "template.yaml", "faas.yaml");
    /** The shipped default app, relative to the repository root (the {@code faas} script passes it absolute). */
    static final Path DEFAULT = Path.of("config", "todo.yaml");

    private ProjectFiles() {
    }

    /** The first project file in {@code folder}, if any. */
    static Optional<Path> find(Path folder) {
        return NAMES.stream().map(folder::resolve).filter(Files::isRegularFile).findFirst();
    }

    /** The file a command uses when none is named: the project file of {@code folder}, else {@code fallback}; says which on {@code err}. */
    static Path choose(Path folder, Path fallback, PrintWriter err) {
        Optional<Path> found = find(folder);
        if (found.isPresent()) {
            err.println("faas: using " + found.get() + " (found in the current folder)");
        } else {
            err.println("faas: using " + fallback + " (no " + String.join(", ", NAMES) + " in the current folder: the default app)");
        }
        err.flush();
        return found.orElse(fallback);
    }

    /** {@code named} when given, else {@link #chooseHere}. */
    static Path orHere(Path named, PrintWriter err) {
        return named != null ? named : chooseHere(err);
    }

    /** {@link #choose} in the working directory. */
    static Path chooseHere(PrintWriter err) {
        return choose(Path.of(""), java.nio.file.Files.isRegularFile(DEFAULT) ? DEFAULT : installedDefault(), err);
    }

    /**
     * The default app of this installation ({@code config/todo.yaml} beside the folder the jar or classes came from),
     * so that {@code faas validate} finds it from any folder, as {@code faas up} (the script) does.
     */
    static Path installedDefault() {
        try {
            Path from = Path.of(ProjectFiles.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path p = from.getParent(); p != null; p = p.getParent()) {
                if (java.nio.file.Files.isRegularFile(p.resolve(DEFAULT))) {
                    return p.resolve(DEFAULT);
                }
            }
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // not from a file: the relative default stands
        }
        return DEFAULT;
    }
}
