package io.localfaas.runtime.java17;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

import sun.misc.Signal;

/**
 * Entry point: {@code java -jar bootstrap.jar}. Exit codes (PROTOCOL.md §6): 2 when {@code FC_SERVER_PORT} is missing
 * or invalid or (serving the platform) no instance key came on the launcher's pipe, 1 when the port cannot be bound or the code path is missing; on SIGTERM/SIGINT the runtime stops
 * accepting, finishes the calls in flight and exits 0, or 1 if calls still run after 5 s. {@code System.exit} in a
 * function ends the process, as on FC (the platform sees a crash).
 */
public final class Main {
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);
    /** Set by the launcher for a stem cell ({@code LOCALFAAS_STEM_CELL=1}, which it removes from the environment). */
    static final String STEM_CELL_PROPERTY = "localfaas.stemCell";

    private Main() {
    }

    public static void main(String[] args) {
        FcLogger.holdMarkersBeforeUserOutput();
        RuntimeConfig read;
        try {
            read = RuntimeConfig.fromEnv(System.getenv());
        } catch (IllegalArgumentException e) {
            FcLogger.runtimeError(null, e.getMessage());
            System.exit(2);
            return;
        }
        if (read.standalone().isEmpty()) {
            Optional<String> key = InstanceKey.read(System.getenv());
            if (key.isEmpty()) {
                FcLogger.runtimeError(null, "no instance key: start the runtime through launcher.sh with LOCALFAAS_INSTANCE_KEY set "
                        + "(PROTOCOL.md §1a); without one every call would be refused");
                System.exit(2);
                return;
            }
            read = read.withInstanceKey(key.get());
        }
        RuntimeConfig config = read;
        // A stem cell (PROTOCOL.md §10): the launcher says so with this property, from LOCALFAAS_STEM_CELL=1.
        boolean stemCell = Boolean.getBoolean(STEM_CELL_PROPERTY) && config.standalone().isEmpty();
        RuntimeServer server;
        try {
            server = stemCell ? RuntimeServer.startStemCell(config) : RuntimeServer.start(config);
        } catch (RuntimeServer.InitializationFailed e) {
            FcLogger.runtimeError(null, e.getMessage());
            System.exit(1);
            return;
        } catch (IOException e) {
            FcLogger.runtimeError(null, "cannot listen on " + config.host() + ":" + config.port() + " with code "
                    + config.codePath() + ": " + e);
            System.exit(1);
            return;
        }
        Signal.handle(new Signal("TERM"), s -> shutdown(server, config, "SIGTERM"));
        Signal.handle(new Signal("INT"), s -> shutdown(server, config, "SIGINT"));
        FcLogger.marker("localfaas runtime java17 listening on " + config.host() + ":" + server.port()
                + config.standalone().map(s -> " (standalone, " + s.name().toLowerCase(java.util.Locale.ROOT) + " function)").orElse(""));
        if (stemCell) {
            FcLogger.runtimeInfo(null, "stem cell, java " + System.getProperty("java.version") + ": waiting for /specialise");
            return;
        }
        FcLogger.runtimeInfo(null, "handler " + config.handler() + ", initializer " + config.initializer().orElse("-") + ", code "
                + config.codePath() + ", java " + System.getProperty("java.version") + ", concurrency " + config.concurrency());
    }

    /**
     * Stops accepting, lets the calls in flight finish, exits. Standalone (PROTOCOL.md §9) a SIGTERM is the only notice
     * of retirement: the calls may run for the function's timeout (plus the usual grace), then the pre-stop hook runs.
     */
    private static void shutdown(RuntimeServer server, RuntimeConfig config, String signal) {
        Duration grace = config.standalone().isPresent() ? config.timeout().plus(SHUTDOWN_GRACE) : SHUTDOWN_GRACE;
        Thread t = new Thread(() -> {
            FcLogger.runtimeInfo(null, "received " + signal + ", closing (" + server.inFlight() + " request(s) in flight)");
            boolean drained = server.drainAndStop(grace);
            if (!drained) {
                FcLogger.runtimeError(null, "shutdown: " + server.inFlight() + " request(s) still in flight after "
                        + grace.toMillis() + " ms, exiting");
            }
            boolean preStopped = config.standalone().isEmpty() || server.runPreStop();
            Runtime.getRuntime().halt(drained && preStopped ? 0 : 1);
        }, "fc-shutdown");
        // Not a daemon (it would inherit that from the signal thread): once the server's threads end, the JVM must not
        // exit before this thread has run the pre-stop hook and chosen the exit status.
        t.setDaemon(false);
        t.start();
    }
}
