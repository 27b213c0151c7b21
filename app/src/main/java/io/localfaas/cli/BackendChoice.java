package io.localfaas.cli;

import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import io.localfaas.backend.BackendUnavailableException;
import io.localfaas.backend.InstanceBackend;
import io.localfaas.backend.docker.DockerEngine;
import io.localfaas.backend.process.ProcessBackend;
import io.localfaas.images.ImageCache;
import io.localfaas.logs.CapturingBackend;
import io.localfaas.logs.LogStore;
import io.localfaas.spec.AppSpec;
import io.localfaas.spec.BackendKind;

/**
 * Opens the backend {@code platform.backend} names: {@code docker}, {@code process}, or {@code auto} = Docker when an
 * engine answers, else the process backend with a loud warning that isolation is off.
 */
final class BackendChoice {
    /**
     * What was opened.
     *
     * @param name    for the banner
     * @param prepare run once before the scheduler starts (builds function images on Docker)
     * @param logs    the functions' captured output (for {@code X-Fc-Log-Type: Tail})
     * @param imageCache the function image cache (Docker only), for metrics
     * @param instanceGateway Docker: the host's address on the instances' network, where the gateway listens for them
     */
    record Engine(InstanceBackend backend, String name, Runnable prepare, LogStore logs, Optional<ImageCache> imageCache,
                  Optional<String> instanceGateway) {
    }

    private BackendChoice() {
    }

    /**
     * @throws BackendUnavailableException when the chosen (or, for auto, every) backend cannot run
     */
    static Engine open(AppSpec app, BackendKind kind, PrintWriter err) {
        return open(app, kind, err, 0);
    }

    /**
     * @param stemCells stem cells per runtime in use on the docker backend ({@code faas up --stem-cells}); 0 = off. The
     *                  process backend has none: a pre-started runtime process would run as the user with every file of
     *                  theirs visible, so specialising it would hide no other function's code (docs/stem-cells.md)
     * @throws BackendUnavailableException when the chosen (or, for auto, every) backend cannot run
     */
    static Engine open(AppSpec app, BackendKind kind, PrintWriter err, int stemCells) {
        if (kind == BackendKind.PROCESS && stemCells > 0) {
            err.println("faas: note: --stem-cells: off on the process backend (a pre-started process would see every file of yours; "
                    + "docs/stem-cells.md)");
        }
        if (kind == BackendKind.PROCESS) {
            err.println("faas: WARNING: --backend process: ISOLATION IS OFF: functions run as your user, see your files, share your");
            err.println("faas: WARNING: network and have no memory, CPU or pids limits (docs/security.md).");
            err.flush();
            return processes(app, "process (no isolation)");
        }
        try {
            DockerComposition docker = DockerComposition.connect(app, LogStore.defaultDir(), ImageCache.Listener.NONE, stemCells);
            return new Engine(docker.backend(), stemCells > 0 ? "docker, stem cells: up to " + stemCells + " per runtime in use "
                    + "(nodejs18, python3, java17 per memory size)" : "docker", () -> docker.images().prepare(app.functions()), docker.logs(), Optional.of(docker.imageCache()),
                    docker.instanceGateway());
        } catch (BackendUnavailableException e) {
            if (kind == BackendKind.DOCKER || runtimes().isEmpty()) {
                throw e;
            }
            err.println("faas: WARNING: " + e.getMessage());
            err.println("faas: WARNING: running functions as local processes (platform.backend: auto -> process).");
            err.println("faas: WARNING: ISOLATION IS OFF: functions run as your user, see your files and have no memory, CPU or pids");
            err.println("faas: WARNING: limits. Start a Docker engine, or set platform.backend: docker to refuse to run without one.");
            err.flush();
            return processes(app, "process (no isolation)");
        }
    }

    /**
     * The backend to run on: {@code flag} ({@code --backend docker|process|auto}, the only way to ask for the process
     * backend) when given, else the file's {@code platform.backend}.
     *
     * @throws IllegalArgumentException for a flag that names no backend
     */
    static BackendKind chosen(String flag, BackendKind fromFile) {
        if (flag == null) {
            return fromFile;
        }
        for (BackendKind k : BackendKind.values()) {
            if (k.name().equalsIgnoreCase(flag.trim())) {
                return k;
            }
        }
        throw new IllegalArgumentException("--backend takes docker, process or auto, not " + flag);
    }

    /**
     * The backend {@code kind} comes down to, {@link BackendKind#DOCKER} or {@link BackendKind#PROCESS}: auto is Docker
     * when {@code engineAnswers} says so (asked only for auto), else the process backend. Pure but for that question.
     */
    static BackendKind resolve(BackendKind kind, BooleanSupplier engineAnswers) {
        return switch (kind) {
            case DOCKER -> BackendKind.DOCKER;
            case PROCESS -> BackendKind.PROCESS;
            case AUTO -> engineAnswers.getAsBoolean() ? BackendKind.DOCKER : BackendKind.PROCESS;
        };
    }

    /** Whether a Docker engine answers at {@code DOCKER_HOST} (a ping, bounded by the client's timeouts). */
    static boolean engineAnswers() {
        try (DockerEngine engine = DockerEngine.fromEnvironment()) {
            return engine.answers();
        }
    }

    /**
     * On the docker backend, whether every function's code can be read, and its writable mounts written, by the runtime
     * images' user; prints one line per function whose code or mount cannot (naming the path and the fix) and returns
     * false then.
     */
    static boolean codeReadable(AppSpec app, Engine engine, PrintWriter err) {
        if (!engine.name().equals("docker")) {
            return true;
        }
        boolean ok = true;
        for (var fn : app.functions()) {
            Optional<String> problem = io.localfaas.backend.docker.CodeAccess.problem(fn);
            if (problem.isPresent()) {
                err.println("faas: error: " + problem.get());
                ok = false;
            }
            for (String mount : io.localfaas.backend.docker.MountAccess.problems(fn)) {
                err.println("faas: error: " + mount);
                ok = false;
            }
        }
        err.flush();
        return ok;
    }

    /** The process backend, its output captured into the log store as containers' is. */
    private static Engine processes(AppSpec app, String name) {
        LogStore logs = new LogStore(LogStore.defaultDir(), app.service());
        return new Engine(new CapturingBackend(processBackend(), logs), name, () -> { }, logs, Optional.empty(), Optional.empty());
    }

    private static ProcessBackend processBackend() {
        Path runtimes = runtimes().orElseThrow(() -> new BackendUnavailableException(
                "the process backend needs the runtime bootstraps (runtime-images/ of the localfaas checkout); set -Dlocalfaas.runtimes=DIR"));
        return new ProcessBackend(runtimes, ProcessBackend.defaultStateDir());
    }

    /**
     * {@code -Dlocalfaas.runtimes}, else the {@code runtime-images/} of the checkout the code runs from (the nearest
     * one above the jar or classes directory), else {@code ./runtime-images}.
     */
    static Optional<Path> runtimes() {
        String property = System.getProperty("localfaas.runtimes");
        if (property != null) {
            return Optional.of(Path.of(property)).filter(ProcessBackend::hasRuntimes);
        }
        try {
            Path dir = Path.of(BackendChoice.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
            for (int up = 0; up < 5 && dir != null; up++, dir = dir.getParent()) {
                if (ProcessBackend.hasRuntimes(dir.resolve("runtime-images"))) {
                    return Optional.of(dir.resolve("runtime-images"));
                }
            }
        } catch (URISyntaxException | RuntimeException e) {
            // fall through to the working directory
        }
        return Optional.of(Path.of("runtime-images").toAbsolutePath()).filter(ProcessBackend::hasRuntimes);
    }
}
