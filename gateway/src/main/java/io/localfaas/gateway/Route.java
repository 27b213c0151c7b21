package io.localfaas.gateway;

import java.util.Optional;
import java.util.Set;

/** The outcome of routing one request: a function to call, or why there is none. */
public sealed interface Route {
    /**
     * @param basePath on FC proxy paths, the prefix the function's code does not see ({@code x-fc-base-path})
     */
    record Found(String function, Optional<String> basePath) implements Route {
    }

    record NotFound(String message) implements Route {
    }

    record MethodNotAllowed(String function, Set<String> allowed) implements Route {
        public MethodNotAllowed {
            allowed = Set.copyOf(allowed);
        }
    }

    record BadPath(String message) implements Route {
    }
}
