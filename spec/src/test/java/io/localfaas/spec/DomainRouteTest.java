package io.localfaas.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Custom-domain route patterns and rewrite rules, as FC applies them. */
class DomainRouteTest {
    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource({
            "/*, /, true",
            "/*, /assets/app.css, true",
            "/api/*, /api/users, true",
            "/api/*, /api/, true",
            "/api/*, /api, true",
            "/api/*, /apix, false",
            "/api/*, /other, false",
            "/login, /login, true",
            "/login, /login/x, false",
            "/login, /logins, false"
    })
    void patterns(String pattern, String path, boolean matches) {
        assertEquals(matches, new DomainRoute("auto", pattern, List.of()).matches(path));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}: {3} -> {4}")
    @CsvSource({
            "EQUAL, /old, /new, /old, /new",
            "EQUAL, /old, /new, /old/x, /old/x",
            "WILDCARD, /api/*, /$1, /api/users/1, /users/1",
            "WILDCARD, /v1/*/items/*, /items/$2?of=$1, /v1/a/items/b, /items/b?of=a",
            "WILDCARD, /api/*, /$1, /web/x, /web/x",
            "REGEX, ^/old/(.*)$, /new/$1, /old/a/b, /new/a/b",
            "REGEX, ^/(\\d+)$, /id/$1, /42, /id/42",
            "REGEX, ^/(\\d+)$, /id/$1, /x42, /x42"
    })
    void rewrites(DomainRoute.RewriteKind kind, String match, String replacement, String path, String seen) {
        DomainRoute r = new DomainRoute("auto", "/*", List.of(new DomainRoute.Rewrite(kind, match, replacement)));
        assertEquals(seen, r.rewrite(path));
    }

    @Test
    void theFirstMatchingRuleWins() {
        DomainRoute r = new DomainRoute("auto", "/*", List.of(
                new DomainRoute.Rewrite(DomainRoute.RewriteKind.EQUAL, "/a", "/first"),
                new DomainRoute.Rewrite(DomainRoute.RewriteKind.WILDCARD, "/*", "/second/$1")));
        assertEquals("/first", r.rewrite("/a"));
        assertEquals("/second/b", r.rewrite("/b"));
    }

    @ParameterizedTest(name = "{0}, {1}: more specific than {2}")
    @CsvSource({"/api/users, /api/*", "/api/*, /*", "/api/users/*, /api/*"})
    void specificity(String more, String less) {
        assertEquals(true, new DomainRoute("auto", more, List.of()).specificity() > new DomainRoute("auto", less, List.of()).specificity());
    }

    @Test
    void badPatternsAndRegexesAreRefused() {
        assertThrows(SpecViolation.class, () -> new DomainRoute("auto", "api/*", List.of()));
        assertThrows(SpecViolation.class, () -> new DomainRoute("auto", "/a/*/b", List.of()));
        assertThrows(SpecViolation.class, () -> new DomainRoute.Rewrite(DomainRoute.RewriteKind.REGEX, "(", "/x"));
    }

    @ParameterizedTest(name = "{0} for host {1}: {2}")
    @CsvSource({"example.com, example.com, true", "example.com, EXAMPLE.com, true", "auto, auto, false", "example.com, other.com, false"})
    void forHost(String domain, String host, boolean expected) {
        assertEquals(expected, new DomainRoute(domain, "/*", List.of()).forHost(host));
    }
}
