package io.localfaas.spec;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A custom-domain route (FC 2 {@code customDomains[].routeConfigs[]}, FC 3.0 {@code fc3-domain}
 * {@code routeConfig.routes[]}): requests for {@code domainName} whose path matches {@code path} go to the function,
 * which sees the request path (rewritten by the first matching rule, when there are rules), with no prefix. FC's path
 * patterns: {@code /*} (everything), {@code /a/*} (everything below {@code /a/}), {@code /a} (exactly that path).
 *
 * @param domainName the domain as declared ({@code auto} or a host name); localfaas also serves the route on its own
 *                   address
 */
public record DomainRoute(String domainName, String path, List<Rewrite> rewrites) {
    /** FC's rewrite rules: equal (whole path), wildcard ({@code *} captured as {@code $1}, {@code $2}, ...) and regex. */
    public enum RewriteKind { EQUAL, WILDCARD, REGEX }

    public record Rewrite(RewriteKind kind, String match, String replacement) {
        public Rewrite {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(match, "match");
            Objects.requireNonNull(replacement, "replacement");
            SpecViolation.Checks c = new SpecViolation.Checks();
            c.require(kind == RewriteKind.EQUAL || kind == RewriteKind.WILDCARD || compiles(match), "match", match,
                    "must be a regular expression");
            c.throwIfAny();
        }

        private static boolean compiles(String regex) {
            try {
                Pattern.compile(regex);
                return true;
            } catch (PatternSyntaxException e) {
                return false;
            }
        }

        /** The rewritten path when this rule matches {@code requestPath}. */
        Optional<String> apply(String requestPath) {
            switch (kind) {
                case EQUAL:
                    return requestPath.equals(match) ? Optional.of(replacement) : Optional.empty();
                case WILDCARD:
                    return apply(Pattern.compile(wildcardRegex(match)), requestPath);
                default:
                    return apply(Pattern.compile(match), requestPath);
            }
        }

        private Optional<String> apply(Pattern p, String requestPath) {
            Matcher m = p.matcher(requestPath);
            if (!m.matches() && !(kind == RewriteKind.REGEX && m.reset().find())) {
                return Optional.empty();
            }
            String out = replacement;
            for (int g = m.groupCount(); g >= 1; g--) {
                out = out.replace("$" + g, m.group(g) == null ? "" : m.group(g));
            }
            return Optional.of(out);
        }

        private static String wildcardRegex(String wildcard) {
            String[] parts = wildcard.split("\\*", -1);
            StringBuilder b = new StringBuilder(Pattern.quote(parts[0]));
            for (int i = 1; i < parts.length; i++) {
                b.append("(.*)").append(Pattern.quote(parts[i]));
            }
            return b.toString();
        }
    }

    public DomainRoute {
        Objects.requireNonNull(domainName, "domainName");
        Objects.requireNonNull(path, "path");
        rewrites = List.copyOf(rewrites);
        SpecViolation.Checks c = new SpecViolation.Checks();
        c.require(path.startsWith("/"), "path", path, "must start with / (for example /* or /api/*)");
        c.require(path.indexOf('*') < 0 || path.endsWith("/*") && path.indexOf('*') == path.length() - 1, "path", path,
                "may hold * only as its last segment (/*, /api/*)");
        c.throwIfAny();
    }

    /** Whether {@code requestPath} is served by this route. */
    public boolean matches(String requestPath) {
        if (path.equals("/*")) {
            return true;
        }
        if (path.endsWith("/*")) {
            String base = path.substring(0, path.length() - 1);
            return requestPath.startsWith(base) || requestPath.equals(base.substring(0, base.length() - 1));
        }
        return requestPath.equals(path);
    }

    /** How specific the route is: FC picks the longest matching pattern, an exact one before a wildcard of equal length. */
    public int specificity() {
        return path.endsWith("/*") ? 2 * (path.length() - 1) : 2 * path.length() + 1;
    }

    /** The path the function sees: rewritten by the first rule that matches, else the request's. */
    public String rewrite(String requestPath) {
        for (Rewrite r : rewrites) {
            Optional<String> out = r.apply(requestPath);
            if (out.isPresent()) {
                return out.get();
            }
        }
        return requestPath;
    }

    /** Whether the client asked for this route's domain (a {@code Host} of it, any port); {@code auto} never matches. */
    public boolean forHost(String host) {
        return !domainName.equalsIgnoreCase("auto") && host.equalsIgnoreCase(domainName);
    }
}
