package io.localfaas.backend;

/** The engine that runs instances does not answer (not running, not reachable, or too slow). */
public class BackendUnavailableException extends RuntimeException {
    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public BackendUnavailableException(String message) {
        super(message);
    }
}
