package io.localfaas.backend.docker;

import java.util.function.Supplier;

import com.github.dockerjava.api.exception.DockerException;
import io.localfaas.backend.BackendUnavailableException;
import io.localfaas.backend.ImageBuildException;
import io.localfaas.backend.InstanceStartException;

/** Runs one engine call: the engine's own answers pass through; failing to reach it becomes {@link BackendUnavailableException}. */
final class EngineCalls {
    private EngineCalls() {
    }

    static <T> T call(String host, String what, Supplier<T> action) {
        try {
            return action.get();
        } catch (InstanceStartException | ImageBuildException | DockerException e) {
            throw e;
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String cause = root.getMessage() == null ? "no answer" : root.getMessage();
            throw new BackendUnavailableException("the Docker engine at " + host + " did not answer (" + what + ": " + cause + "); "
                    + DockerBackend.HOW_TO_START, e);
        }
    }
}
