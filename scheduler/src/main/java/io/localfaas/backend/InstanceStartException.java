package io.localfaas.backend;

/** The backend could not create or start an instance (bad image, bad mount, …): the engine answered no. */
public class InstanceStartException extends RuntimeException {
    public InstanceStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
