package io.localfaas.port;

import java.util.Optional;

import io.localfaas.failure.PlatformException;
import io.localfaas.protocol.InvokeRequest;

/**
 * The gateway's one way to call instances: take a slot, call the instance at its address itself, give the slot back
 * exactly once with what happened. In the spirit of Undertow's two-method {@code ProxyClient}: the port hands out
 * targets, the caller does the I/O.
 */
public interface Calls {
    /**
     * A slot on an instance of {@code function} that has room now; never waits, so safe on an I/O thread. Empty when
     * every instance is busy or none is ready (then {@link #take} on a worker thread).
     *
     * @throws PlatformException FUNCTION_NOT_FOUND
     */
    Optional<Slot> tryTake(String function);

    /**
     * A slot on an instance of {@code function}, waiting (within the platform's queue bounds) and starting an instance
     * if the pool's rule asks for one. Worker threads only.
     *
     * @throws PlatformException when no slot came (queue full or wait over, a start that failed, unknown function)
     */
    Slot take(String function);

    /** Gives {@code slot} back after a call that ended with {@code what}; cheap, any thread. */
    void give(Slot slot, Happened what);

    /**
     * Gives {@code slot} back after a call that failed with {@code what} before the instance's answer arrived, and
     * returns what the request sees. Blocks when {@link Happened#asksEngine()} (never call it so on an I/O thread).
     *
     * @param callStartedNanos {@link System#nanoTime()} when the call began
     */
    PlatformException fail(Slot slot, Happened what, long callStartedNanos);

    /**
     * The function error an instance's answer carries: its {@code x-fc-error-type} ({@code errorTypeHeader}), or for a
     * custom container's event call a non-2xx status (FC). Empty for a successful answer. Pure.
     */
    Optional<String> errorType(InvokeRequest request, int status, Optional<String> errorTypeHeader);

    /** What a whole call answered: its instance, and the function's error type when it failed. */
    record Answered(String instanceId, Optional<String> errorType, byte[] body) {
    }

    /**
     * One whole call on the blocking client, waiting for a slot as {@link #take} does: for callers without an HTTP
     * exchange (the async queue's attempts). Worker threads only.
     *
     * @throws PlatformException when the platform (not the function) failed
     */
    Answered invoke(String function, InvokeRequest request);
}
