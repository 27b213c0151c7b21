package io.localfaas.gateway;

import java.util.Optional;
import java.util.Set;

import io.localfaas.spec.AuthSpec;

/** The outcome of routing one request: a function to call, or why there is none. */
public sealed interface Route {
    /**
     * An HTTP trigger (its own path or FC's proxy path).
     *
     * @param basePath on FC proxy paths, the prefix the function's code does not see ({@code x-fc-base-path})
     * @param auth     how the matched trigger authenticates callers
     * @param event    whether the function gets the request as FC 3.0's HTTP event ({@link HttpEvent}) rather than
     *                 passed through
     */
    record Found(String function, Optional<String> basePath, AuthSpec auth, boolean event) implements Route {
        /** A trigger whose function gets the request passed through. */
        public Found(String function, Optional<String> basePath, AuthSpec auth) {
            this(function, basePath, auth, false);
        }
    }

    /** FC's invoke API: {@code POST /2016-08-15/services/<service>[.<qualifier>]/functions/<function>/invocations}. */
    record Invoke(String function) implements Route {
    }

    /** @param errorCode FC's code: FunctionNotFound, ServiceNotFound, AliasNotFound */
    record NotFound(String errorCode, String message) implements Route {
    }

    record MethodNotAllowed(String function, Set<String> allowed) implements Route {
        public MethodNotAllowed {
            allowed = Set.copyOf(allowed);
        }
    }

    /** A path that is malformed or names something that cannot exist (dot segments, NUL, invalid names). */
    record BadPath(String message) implements Route {
    }

    /** A path under FC's API prefix that FC does not serve with this method (FC: 400 PathNotSupported). */
    record NotSupported(String method, String path) implements Route {
    }
}
