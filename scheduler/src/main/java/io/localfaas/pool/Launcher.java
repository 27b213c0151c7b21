package io.localfaas.pool;

import java.time.Duration;

import io.localfaas.backend.InstanceStatus;
import io.localfaas.backend.RunningInstance;
import io.localfaas.lifecycle.StartedInstance;
import io.localfaas.spec.FunctionSpec;

/**
 * What a {@link FunctionPool} needs to start and end its instances (OpenWhisk's {@code ContainerFactory} is the
 * model): {@link io.localfaas.lifecycle.InstanceLauncher} on a real backend, an in-memory fake in the pool's tests.
 * The pool calls every method outside its lock, {@link #launch}, {@link #retire} and {@link #discard} on its starter
 * threads.
 */
public interface Launcher {
    /**
     * Starts one instance to the point where it may serve (listening, initializer done), or fails and leaves nothing
     * behind. Ends by itself within {@link #maxLaunchTime}.
     *
     * @param onInitializing called once the instance listens, before its initializer runs
     * @throws io.localfaas.failure.PlatformException START_FAILED, INIT_FAILED, INIT_TIMEOUT, BACKEND_UNAVAILABLE, or
     *                                                THROTTLED when no cold-start permit freed up
     */
    StartedInstance launch(FunctionSpec fn, String instanceId, Runnable onInitializing);

    /** The longest one {@link #launch} of {@code fn} can take before it succeeds or fails by itself. */
    Duration maxLaunchTime(FunctionSpec fn);

    /** Runs the function's pre-stop hook (bounded), then removes the instance. Never throws. */
    void retire(FunctionSpec fn, RunningInstance instance);

    /** Removes the instance without pre-stop. Never throws. */
    void discard(RunningInstance instance);

    /** Whether the instance accepts connections now (a cheap, bounded probe). */
    boolean listening(RunningInstance instance);

    /** The instance's status as the backend reports it; running when the backend does not answer. */
    InstanceStatus status(RunningInstance instance);
}
