package io.localfaas.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.localfaas.Scheduler;
import io.localfaas.spec.AppSpec;

/**
 * Applies an edited configuration file to the running scheduler (the gateway routes to its functions as they change):
 * a file with problems is refused (its problems printed) and the running configuration stays; a valid one reaches
 * {@link Scheduler#reload}.
 */
final class Reloader {
    private final Path file;
    private final Path envFile;
    private final java.util.Set<String> only;
    private final List<Path> allowMount;
    private final Scheduler scheduler;
    private final PrintWriter err;
    private volatile AppSpec running;
    /** What every loaded file gets before it applies (the credentials faas up found). */
    private final java.util.function.UnaryOperator<AppSpec> finish;

    Reloader(Path file, Path envFile, AppSpec running, Scheduler scheduler, PrintWriter err) {
        this(file, envFile, java.util.Set.of(), List.of(), running, scheduler, err, java.util.function.UnaryOperator.identity());
    }

    /**
     * @param only       the functions {@code faas up --only} runs (all when empty): a reload keeps to them
     * @param allowMount the folders {@code --allow-mount} allows besides the project's
     * @param finish     what every loaded file gets before it applies
     */
    Reloader(Path file, Path envFile, java.util.Set<String> only, List<Path> allowMount, AppSpec running, Scheduler scheduler,
            PrintWriter err, java.util.function.UnaryOperator<AppSpec> finish) {
        this.finish = finish;
        this.file = file;
        this.envFile = envFile;
        this.only = only;
        this.allowMount = List.copyOf(allowMount);
        this.running = running;
        this.scheduler = scheduler;
        this.err = err;
    }

    /** Reads the file again and applies it; returns what changed, or empty when the file was refused. */
    synchronized Optional<Scheduler.Reload> reload() {
        Optional<AppSpec> loaded = ConfigFiles.load(file, envFile, only, allowMount, err);
        if (loaded.isEmpty()) {
            err.println("faas: reload refused: " + file + " has problems; still serving the previous configuration");
            err.flush();
            return Optional.empty();
        }
        AppSpec app = finish.apply(loaded.get());
        if (!app.platform().equals(running.platform())) {
            err.println("faas: warning: platform settings changed in " + file + "; they apply at the next start");
        }
        Scheduler.Reload r = scheduler.reload(app);
        running = app;
        err.printf("faas: reloaded %s: added %s, changed %s, removed %s, unchanged %s%n", file, r.added(), r.changed(), r.removed(),
                r.unchanged());
        err.flush();
        return Optional.of(r);
    }
}
