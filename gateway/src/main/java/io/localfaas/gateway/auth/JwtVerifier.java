package io.localfaas.gateway.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.JwsHeader;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.JwtParserBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.LocatorAdapter;
import io.jsonwebtoken.UnsupportedJwtException;
import io.jsonwebtoken.security.Jwk;
import io.jsonwebtoken.security.JwkSet;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.Keys;
import io.localfaas.spec.AuthSpec;

/**
 * Verifies the bearer token of one JWT trigger against its {@link AuthSpec}: the signature with the configured key
 * (HMAC secret, PEM public key or a local JWKS), the algorithm against the trigger's list (so {@code alg: none} and
 * an HS256 token "signed" with the RSA public key are refused), {@code exp} required, {@code nbf}/{@code exp} with at
 * most 60 s of clock skew, {@code iss} and {@code aud} where configured. Every failure is the same empty answer:
 * callers must not learn why a token was refused.
 */
public final class JwtVerifier {
    public static final long CLOCK_SKEW_SECONDS = 60;
    private static final String BEARER = "bearer ";

    private final JwtParser parser;

    /**
     * @throws IllegalArgumentException when the key files cannot be read or do not hold a key of the right kind
     */
    public JwtVerifier(AuthSpec spec, Clock clock) {
        if (spec.type() != AuthSpec.Type.JWT) {
            throw new IllegalArgumentException("not a JWT trigger");
        }
        Set<String> algorithms = spec.algorithms();
        Map<String, Key> byKid = new LinkedHashMap<>();
        Key single;
        if (spec.secret().isPresent()) {
            single = Keys.hmacShaKeyFor(spec.secret().get().getBytes(StandardCharsets.UTF_8));
        } else if (spec.publicKey().isPresent()) {
            single = readPem(spec.publicKey().get());
        } else {
            JwkSet set = readJwks(spec.jwks().orElseThrow());
            for (Jwk<?> jwk : set.getKeys()) {
                byKid.put(jwk.getId() == null ? "" : jwk.getId(), jwk.toKey());
            }
            single = byKid.size() == 1 ? byKid.values().iterator().next() : null;
        }
        Key fixed = single;
        JwtParserBuilder b = Jwts.parser()
                .clockSkewSeconds(CLOCK_SKEW_SECONDS)
                .clock(() -> Date.from(clock.instant()))
                .keyLocator(new LocatorAdapter<Key>() {
                    @Override
                    protected Key locate(JwsHeader header) {
                        if (!algorithms.contains(header.getAlgorithm())) {
                            throw new UnsupportedJwtException("algorithm not accepted");
                        }
                        Key k = header.getKeyId() != null && byKid.containsKey(header.getKeyId()) ? byKid.get(header.getKeyId()) : fixed;
                        if (k == null) {
                            throw new UnsupportedJwtException("no key for this token");
                        }
                        return k;
                    }
                });
        spec.issuer().ifPresent(b::requireIssuer);
        spec.audience().ifPresent(b::requireAudience);
        this.parser = b.build();
    }

    /** The verified claims of the token in an {@code Authorization: Bearer …} header; empty for any failure. */
    public Optional<Map<String, Object>> verify(String authorizationHeader) {
        if (authorizationHeader == null || authorizationHeader.length() <= BEARER.length()
                || !authorizationHeader.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        String token = authorizationHeader.substring(BEARER.length()).trim();
        try {
            Jws<Claims> jws = parser.parseSignedClaims(token);
            Claims claims = jws.getPayload();
            if (claims.getExpiration() == null) {
                return Optional.empty();
            }
            return Optional.of(new LinkedHashMap<>(claims));
        } catch (JwtException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static PublicKey readPem(Path file) {
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read public key " + file + ": " + e.getMessage());
        }
        String base64 = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + " is not a PEM public key (-----BEGIN PUBLIC KEY-----)");
        }
        for (String kind : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(kind).generatePublic(new X509EncodedKeySpec(der));
            } catch (Exception e) {
                // try the next kind
            }
        }
        throw new IllegalArgumentException(file + " holds no RSA or EC public key");
    }

    private static JwkSet readJwks(Path file) {
        try {
            return Jwks.setParser().build().parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read JWKS " + file + ": " + e.getMessage());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + " is not a JWK set: " + e.getMessage());
        }
    }
}
