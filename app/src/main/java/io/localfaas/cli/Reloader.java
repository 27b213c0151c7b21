package io.localfaas.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.localfaas.Scheduler;
import io.localfaas.port.Reload;
import io.localfaas.spec.AppSpec;

/**
 * Applies an edited configuration file to the running scheduler (the gateway routes to its functions as they change):
 * a file with problems is refused (its problems printed) and the running configuration stays; a valid one reaches
 * {@link Scheduler#reload}.
 */
final class Reloader {
    private final Path file;
    private final ConfigOptions options;
    private final Scheduler scheduler;
    private final PrintWriter err;
    private volatile AppSpec running;
    /** What every loaded file gets before it applies (the credentials faas up found). */
    private final java.util.function.UnaryOperator<AppSpec> finish;

    Reloader(Path file, Path envFile, AppSpec running, Scheduler scheduler, PrintWriter err) {
        this(file, ConfigOptions.envFile(envFile), running, scheduler, err, java.util.function.UnaryOperator.identity());
    }

    /**
     * @param options how {@code faas up} read the file ({@code --env-file}, {@code --only}, {@code --allow-mount},
     *                {@code --layer}): a reload reads it the same way
     * @param finish  what every loaded file gets before it applies
     */
    Reloader(Path file, ConfigOptions options, AppSpec running, Scheduler scheduler, PrintWriter err,
            java.util.function.UnaryOperator<AppSpec> finish) {
        this.finish = finish;
        this.file = file;
        this.options = options;
        this.running = running;
        this.scheduler = scheduler;
        this.err = err;
    }

    /** Reads the file again and applies it; returns what changed, or empty when the file was refused. */
    synchronized Optional<Reload> reload() {
        Optional<AppSpec> loaded = ConfigFiles.load(file, options, err);
        if (loaded.isEmpty()) {
            err.println("faas: reload refused: " + file + " has problems; still serving the previous configuration");
            err.flush();
            return Optional.empty();
        }
        AppSpec app = finish.apply(loaded.get());
        if (!app.platform().equals(running.platform())) {
            err.println("faas: warning: platform settings changed in " + file + "; they apply at the next start");
        }
        Reload r = scheduler.reload(app);
        running = app;
        err.printf("faas: reloaded %s: added %s, changed %s, removed %s, unchanged %s%n", file, r.added(), r.changed(), r.removed(),
                r.unchanged());
        err.flush();
        return Optional.of(r);
    }
}
