package io.localfaas.failure;

import java.time.Duration;
import java.util.Optional;

/** A request could not be served, and whose fault that was. Messages are for users: no stack traces in them. */
public final class PlatformException extends RuntimeException {
    /** What failed. */
    public enum Kind {
        /** The instance did not start or did not listen in time (its last log lines are in the message). */
        START_FAILED,
        /** The function's initializer answered with an error. */
        INIT_FAILED,
        /** The initializer ran past initializationTimeout. */
        INIT_TIMEOUT,
        /** The instance died or dropped the connection while serving (crash, OOM kill). */
        INSTANCE_CRASHED,
        /** The function ran past its timeout. */
        FUNCTION_TIMEOUT,
        /** The engine that runs instances does not answer. */
        BACKEND_UNAVAILABLE,
        /** No slot became free in time: maxInstances reached and the queue full or the wait over. */
        THROTTLED,
        /** The platform is shutting down. */
        SHUTTING_DOWN,
        /** No such function (any more: a reload removed it after the request was routed). */
        FUNCTION_NOT_FOUND
    }

    private final Kind kind;
    private final transient Optional<Duration> retryAfter;
    private final transient Optional<byte[]> functionErrorBody;

    private PlatformException(Kind kind, String message, Optional<Duration> retryAfter, Optional<byte[]> functionErrorBody, Throwable cause) {
        super(message, cause, false, false);
        this.kind = kind;
        this.retryAfter = retryAfter;
        this.functionErrorBody = functionErrorBody;
    }

    public static PlatformException of(Kind kind, String message) {
        return new PlatformException(kind, message, Optional.empty(), Optional.empty(), null);
    }

    public static PlatformException of(Kind kind, String message, Throwable cause) {
        return new PlatformException(kind, message, Optional.empty(), Optional.empty(), cause);
    }

    public static PlatformException throttled(String message, Duration retryAfter) {
        return new PlatformException(Kind.THROTTLED, message, Optional.of(retryAfter), Optional.empty(), null);
    }

    /** The initializer failed; {@code errorBody} is the runtime's FC error JSON, passed on to the caller. */
    public static PlatformException initFailed(String message, byte[] errorBody) {
        return new PlatformException(Kind.INIT_FAILED, message, Optional.empty(), Optional.of(errorBody.clone()), null);
    }

    /**
     * The instance died while serving; {@code errorBody} is the FC-style error JSON the caller gets with
     * {@code x-fc-error-type: UnhandledInvocationError} (FC: "Process exited unexpectedly before completing request").
     */
    public static PlatformException crashed(String message, byte[] errorBody) {
        return new PlatformException(Kind.INSTANCE_CRASHED, message, Optional.empty(), Optional.of(errorBody.clone()), null);
    }

    public Kind kind() {
        return kind;
    }

    public Optional<Duration> retryAfter() {
        return retryAfter;
    }

    /** The function's error JSON where the failure came from function code (a failed initializer, a crashed process). */
    public Optional<byte[]> functionErrorBody() {
        return functionErrorBody.map(byte[]::clone);
    }
}
