package io.localfaas.spec;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An HTTP trigger: requests whose path is {@code path} or lies below it, with one of {@code methods}, checked by
 * {@code auth} before the function runs.
 *
 * @param style  whether a built-in runtime gets the request passed through (FC 2) or as FC 3.0's HTTP event
 * @param domain present for a custom-domain route: it matches and rewrites paths as FC's custom domains do, and
 *               {@code path} is its pattern ({@code /*}, {@code /api/*}, {@code /exact})
 */
public record TriggerSpec(String path, Set<String> methods, AuthSpec auth, HttpStyle style, Optional<DomainRoute> domain) {
    public static final Set<String> ALL_METHODS = Set.of("GET", "POST", "PUT", "DELETE", "HEAD", "PATCH", "OPTIONS");

    public TriggerSpec {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(style, "style");
        Objects.requireNonNull(domain, "domain");
        SpecViolation.Checks c = new SpecViolation.Checks();
        c.require(path.startsWith("/"), "path", path, "must start with /");
        methods = Set.copyOf(methods);
        c.require(!methods.isEmpty() && ALL_METHODS.containsAll(methods), "methods", methods,
                "must be a non-empty subset of GET, POST, PUT, DELETE, HEAD, PATCH, OPTIONS");
        c.throwIfAny();
    }

    /** A trigger of FC 2's style (the request passed through). */
    public TriggerSpec(String path, Set<String> methods, AuthSpec auth) {
        this(path, methods, auth, HttpStyle.FC2);
    }

    /** A trigger of its own path (not a custom-domain route). */
    public TriggerSpec(String path, Set<String> methods, AuthSpec auth, HttpStyle style) {
        this(path, methods, auth, style, Optional.empty());
    }

    /** A custom-domain route of a function whose triggers are of {@code style}. */
    public static TriggerSpec domainRoute(DomainRoute route, Set<String> methods, HttpStyle style) {
        return new TriggerSpec(route.path(), methods, AuthSpec.NONE, style, Optional.of(route));
    }

    /** An anonymous trigger. */
    public TriggerSpec(String path, Set<String> methods) {
        this(path, methods, AuthSpec.NONE);
    }

    /** True when {@code requestPath} is this trigger's path or below it ({@code /a} matches {@code /a}, {@code /a/b}, not {@code /ab}). */
    public boolean matches(String requestPath) {
        if (domain.isPresent()) {
            return domain.get().matches(requestPath);
        }
        if (path.equals("/")) {
            return true;
        }
        // The path without its trailing slash, or a path under it (compared in place: this runs on every request).
        int n = path.endsWith("/") ? path.length() - 1 : path.length();
        return requestPath.regionMatches(0, path, 0, n) && (requestPath.length() == n || (requestPath.length() > n && requestPath.charAt(n) == '/'));
    }
}
