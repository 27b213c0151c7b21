package io.localfaas.spec;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How a trigger authenticates callers. {@code none}: anyone. {@code jwt}: a bearer token verified with an HMAC
 * {@code secret} (HS256/384/512, at least 256 bits), a {@code publicKey} PEM file (RS256, ES256) or a local
 * {@code jwks} file; {@code exp} is required; {@code issuer} and {@code audience} are checked where set; verified
 * claims reach the function as JSON in {@code claimsHeader}.
 */
public record AuthSpec(
        Type type,
        Set<String> algorithms,
        Optional<String> secret,
        Optional<Path> publicKey,
        Optional<Path> jwks,
        Optional<String> issuer,
        Optional<String> audience,
        String claimsHeader) {

    public enum Type { NONE, JWT }

    public static final Set<String> HMAC = Set.of("HS256", "HS384", "HS512");
    public static final Set<String> ALL_ALGORITHMS = Set.of("HS256", "HS384", "HS512", "RS256", "ES256");
    public static final String DEFAULT_CLAIMS_HEADER = "x-localfaas-jwt-claims";
    public static final AuthSpec NONE = new AuthSpec(Type.NONE, Set.of(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), DEFAULT_CLAIMS_HEADER);

    public AuthSpec {
        Objects.requireNonNull(type, "type");
        algorithms = Set.copyOf(algorithms);
        Objects.requireNonNull(claimsHeader, "claimsHeader");
        SpecViolation.Checks c = new SpecViolation.Checks();
        if (type == Type.JWT) {
            boolean known = !algorithms.isEmpty() && ALL_ALGORITHMS.containsAll(algorithms);
            c.require(known, "algorithms", new java.util.TreeSet<>(algorithms),
                    "must be a non-empty subset of " + List.copyOf(new java.util.TreeSet<>(ALL_ALGORITHMS)));
            boolean hmac = algorithms.stream().anyMatch(HMAC::contains);
            boolean asymmetric = known && algorithms.stream().anyMatch(a -> !HMAC.contains(a));
            c.require(!(hmac && asymmetric), "algorithms", new java.util.TreeSet<>(algorithms),
                    "mix no HMAC (HS*) and public-key (RS256, ES256) algorithms on one trigger");
            c.require(!hmac || secret.isPresent(), "secret", "(none)", "HS* algorithms need a secret");
            c.require(secret.isEmpty() || secret.get().getBytes(java.nio.charset.StandardCharsets.UTF_8).length >= 32,
                    "secret", "(" + secret.map(String::length).orElse(0) + " characters)", "an HMAC secret needs at least 256 bits (32 bytes)");
            c.require(!asymmetric || publicKey.isPresent() || jwks.isPresent(), "publicKey", "(none)",
                    "RS256/ES256 need publicKey or jwks");
        }
        c.throwIfAny();
    }
}
