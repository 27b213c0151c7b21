package io.localfaas.gateway;

import java.util.Optional;
import java.util.Set;

import io.localfaas.spec.AuthSpec;
import io.localfaas.spec.DomainRoute;

/** The outcome of routing one request: a function to call, or why there is none. */
public sealed interface Route {
    /**
     * An HTTP trigger (its own path or FC's proxy path).
     *
     * @param basePath on FC proxy paths, the prefix the function's code does not see ({@code x-fc-base-path})
     * @param auth     how the matched trigger authenticates callers
     * @param event    whether the function gets the request as FC 3.0's HTTP event ({@link HttpEvent}) rather than
     *                 passed through
     * @param domain   a custom-domain route: the function sees the request's path as its rewrite rules make it
     */
    record Found(String function, Optional<String> basePath, AuthSpec auth, boolean event, Optional<DomainRoute> domain) implements Route {
        /** A trigger whose function gets the request passed through. */
        public Found(String function, Optional<String> basePath, AuthSpec auth) {
            this(function, basePath, auth, false, Optional.empty());
        }

        public Found(String function, Optional<String> basePath, AuthSpec auth, boolean event) {
            this(function, basePath, auth, event, Optional.empty());
        }

        /** The path (and query) the function sees of {@code rawPathAndQuery}: rewritten on a custom domain's route. */
        public String seen(String rawPathAndQuery) {
            if (domain.isEmpty()) {
                return rawPathAndQuery;
            }
            int q = rawPathAndQuery.indexOf('?');
            String path = q < 0 ? rawPathAndQuery : rawPathAndQuery.substring(0, q);
            return domain.get().rewrite(path) + (q < 0 ? "" : rawPathAndQuery.substring(q));
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
