package io.localfaas.backend;

import java.util.List;

/**
 * Runs instances of functions. Every method is bounded in time and throws {@link BackendUnavailableException} when
 * the engine behind it does not answer.
 */
public interface InstanceBackend extends AutoCloseable {
    /** Creates and starts an instance; returns once the engine reports it started (not yet listening). */
    RunningInstance start(InstanceLaunch launch);

    /**
     * Starts an instance of {@code fn}: {@code launch} is what the lifecycle asks for (the runtime image, the code
     * mounted, the loopback port), {@code fn} the spec of this very start. A backend that plans from the spec
     * ({@code io.localfaas.images.FunctionImageBackend}: function images, custom containers) turns the one into what
     * the engine starts, at every start, so that no start runs from an older spec's plan; the others start
     * {@code launch} as it is.
     */
    default RunningInstance start(io.localfaas.spec.FunctionSpec fn, InstanceLaunch launch) {
        return start(launch);
    }

    /** Whether the instance's process is still running; its exit details otherwise. */
    InstanceStatus status(RunningInstance instance);

    /** The last {@code lines} lines of the instance's output, for error messages. Never throws. */
    String lastLogs(RunningInstance instance, int lines);

    /**
     * Follows the instance's stdout and stderr from its start, line by line, until the instance ends or the returned
     * follow is closed. Lines are cut at a bounded length. Backends that cannot follow return {@link LogFollow#NONE}.
     */
    default LogFollow followLogs(RunningInstance instance, LogSink sink) {
        return LogFollow.NONE;
    }

    /**
     * The latest reading of the instance's resource counters, for the metrics sampler (about once a second). Cheap: it
     * reads what the backend already holds (a stats stream per instance, {@code /proc} files), never one engine call or
     * one process per reading. Empty when the backend cannot tell, or has no reading yet. Never throws.
     */
    default java.util.Optional<InstanceUsage> usage(RunningInstance instance) {
        return java.util.Optional.empty();
    }

    /**
     * Sets a running instance's memory limit (memory = memory+swap = {@code memoryMb}) and CPU share, as a start with
     * {@code memoryMb} would have: a stem cell specialised for a function gets the function's limits
     * ({@code io.localfaas.stem.StemCells}). Backends that cannot change limits of a running instance throw
     * {@link UnsupportedOperationException}.
     */
    default void resize(RunningInstance instance, int memoryMb) {
        throw new UnsupportedOperationException("this backend cannot change a running instance's limits");
    }

    /**
     * How long specialising took when {@code instance} was a pre-started stem cell made into the function by its start
     * ({@code io.localfaas.stem.StemCells}); empty for an instance the start created and booted itself.
     */
    default java.util.Optional<java.time.Duration> specialisation(RunningInstance instance) {
        return java.util.Optional.empty();
    }

    /**
     * The platform is about to send the call {@code requestId} to {@code instance} (before its first byte; the
     * initializer, invocations and pre-stop alike): what reads the instance's output learns which request ids are its
     * own ({@code io.localfaas.logs.CapturingBackend}). Cheap, any thread, never throws; nothing by default.
     */
    default void sending(RunningInstance instance, String requestId) {
    }

    /** Stops and removes the instance. Idempotent. */
    void remove(RunningInstance instance);

    /** Every instance this backend knows of that carries the platform's owner label, alive platform or not. */
    List<OwnedInstance> listOwned();

    /** Removes an instance listed by {@link #listOwned()}. */
    void remove(OwnedInstance instance);

    @Override
    void close();
}
