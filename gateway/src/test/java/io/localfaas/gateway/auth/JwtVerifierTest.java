package io.localfaas.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

import javax.crypto.SecretKey;

import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.Keys;
import io.localfaas.spec.AuthSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Tokens made here with jjwt and fresh keys, checked against HMAC, PEM and JWKS triggers at a fixed time. */
class JwtVerifierTest {
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String SECRET = "0123456789abcdef0123456789abcdef-secret";
    private static final SecretKey HMAC = Keys.hmacShaKeyFor(SECRET.getBytes(StandardCharsets.UTF_8));
    private static final KeyPair RSA = Jwts.SIG.RS256.keyPair().build();
    private static final KeyPair OTHER_RSA = Jwts.SIG.RS256.keyPair().build();
    private static final KeyPair EC = Jwts.SIG.ES256.keyPair().build();

    @TempDir
    static Path dir;
    private static JwtVerifier hmac;
    private static JwtVerifier rsaPem;
    private static JwtVerifier ecJwks;
    private static String rsaPemText;

    @BeforeAll
    static void verifiers() throws Exception {
        hmac = new JwtVerifier(new AuthSpec(AuthSpec.Type.JWT, Set.of("HS256"), Optional.of(SECRET), Optional.empty(), Optional.empty(),
                Optional.of("https://issuer.test"), Optional.of("todo-api"), AuthSpec.DEFAULT_CLAIMS_HEADER), CLOCK);
        rsaPemText = pem(RSA.getPublic());
        Path pemFile = Files.writeString(dir.resolve("rsa.pem"), rsaPemText);
        rsaPem = new JwtVerifier(new AuthSpec(AuthSpec.Type.JWT, Set.of("RS256"), Optional.empty(), Optional.of(pemFile), Optional.empty(),
                Optional.empty(), Optional.empty(), AuthSpec.DEFAULT_CLAIMS_HEADER), CLOCK);
        String jwks = Jwks.set().add(Jwks.builder().key((java.security.interfaces.ECPublicKey) EC.getPublic()).id("k1").build()).build().toString();
        jwks = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(Jwks.set()
                .add(Jwks.builder().key((java.security.interfaces.ECPublicKey) EC.getPublic()).id("k1").build()).build());
        Path jwksFile = Files.writeString(dir.resolve("jwks.json"), jwks);
        ecJwks = new JwtVerifier(new AuthSpec(AuthSpec.Type.JWT, Set.of("ES256"), Optional.empty(), Optional.empty(), Optional.of(jwksFile),
                Optional.empty(), Optional.empty(), AuthSpec.DEFAULT_CLAIMS_HEADER), CLOCK);
    }

    private static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    /** A token valid for the HMAC trigger, changed by {@code change}. */
    private static String hs(Function<JwtBuilder, JwtBuilder> change) {
        return change.apply(Jwts.builder().subject("alice").issuer("https://issuer.test").audience().add("todo-api").and()
                .expiration(Date.from(NOW.plusSeconds(300))).signWith(HMAC)).compact();
    }

    private static String rs(Function<JwtBuilder, JwtBuilder> change) {
        return change.apply(Jwts.builder().subject("bob").expiration(Date.from(NOW.plusSeconds(300))).signWith(RSA.getPrivate())).compact();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("hmac: valid", "hmac", "Bearer " + hs(b -> b), true),
                Arguments.of("hmac: lower-case bearer", "hmac", "bearer " + hs(b -> b), true),
                Arguments.of("hmac: expired 30 s ago, within the 60 s skew", "hmac", "Bearer " + hs(b -> b.expiration(Date.from(NOW.minusSeconds(30)))), true),
                Arguments.of("hmac: expired", "hmac", "Bearer " + hs(b -> b.expiration(Date.from(NOW.minusSeconds(120)))), false),
                Arguments.of("hmac: not yet valid", "hmac", "Bearer " + hs(b -> b.notBefore(Date.from(NOW.plusSeconds(120)))), false),
                Arguments.of("hmac: no exp", "hmac", "Bearer " + hs(b -> b.expiration(null)), false),
                Arguments.of("hmac: wrong audience", "hmac", "Bearer " + hs(b -> b.audience().single("other-api")), false),
                Arguments.of("hmac: wrong issuer", "hmac", "Bearer " + hs(b -> b.issuer("https://evil.test")), false),
                Arguments.of("hmac: other secret", "hmac", "Bearer " + hs(b -> b.signWith(Keys.hmacShaKeyFor(
                        "another-secret-of-at-least-32-bytes!".getBytes(StandardCharsets.UTF_8)))), false),
                Arguments.of("hmac: HS512 not in the trigger's algorithms", "hmac", "Bearer " + hs(b -> b.signWith(Keys.hmacShaKeyFor(
                        (SECRET + SECRET).getBytes(StandardCharsets.UTF_8)), Jwts.SIG.HS512)), false),
                Arguments.of("hmac: unsigned (alg none)", "hmac", "Bearer " + Jwts.builder().subject("alice").issuer("https://issuer.test")
                        .audience().add("todo-api").and().expiration(Date.from(NOW.plusSeconds(300))).compact(), false),
                Arguments.of("hmac: tampered payload", "hmac", "Bearer " + tamper(hs(b -> b)), false),
                Arguments.of("hmac: no Bearer prefix", "hmac", hs(b -> b), false),
                Arguments.of("hmac: missing header", "hmac", null, false),
                Arguments.of("hmac: empty bearer", "hmac", "Bearer ", false),
                Arguments.of("hmac: garbage", "hmac", "Bearer abc.def.ghi", false),
                Arguments.of("hmac: not a JWT", "hmac", "Bearer not-a-token", false),
                Arguments.of("rsa: valid", "rsa", "Bearer " + rs(b -> b), true),
                Arguments.of("rsa: signed by another key", "rsa", "Bearer " + rs(b -> b.signWith(OTHER_RSA.getPrivate())), false),
                Arguments.of("rsa: HS256 signed with the RSA public key (DER)", "rsa",
                        "Bearer " + rs(b -> b.signWith(Keys.hmacShaKeyFor(RSA.getPublic().getEncoded()), Jwts.SIG.HS256)), false),
                Arguments.of("rsa: HS256 signed with the RSA public key (PEM text)", "rsa",
                        "Bearer " + rs(b -> b.signWith(Keys.hmacShaKeyFor(rsaPemText.getBytes(StandardCharsets.US_ASCII)), Jwts.SIG.HS256)), false),
                Arguments.of("rsa: unsigned (alg none)", "rsa", "Bearer " + Jwts.builder().subject("bob")
                        .expiration(Date.from(NOW.plusSeconds(300))).compact(), false),
                Arguments.of("jwks: valid ES256 with kid", "jwks", "Bearer " + Jwts.builder().header().keyId("k1").and().subject("carol")
                        .expiration(Date.from(NOW.plusSeconds(300))).signWith(EC.getPrivate()).compact(), true),
                Arguments.of("jwks: RS256 token", "jwks", "Bearer " + rs(b -> b), false));
    }

    private static String tamper(String token) {
        String[] p = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(p[1]), StandardCharsets.UTF_8).replace("alice", "admin");
        return p[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + p[2];
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void verifies(String name, String verifier, String authorization, boolean accepted) {
        JwtVerifier v = switch (verifier) {
            case "hmac" -> hmac;
            case "rsa" -> rsaPem;
            default -> ecJwks;
        };
        Optional<Map<String, Object>> claims = v.verify(authorization);
        assertEquals(accepted, claims.isPresent(), name);
        if (accepted) {
            assertTrue(claims.get().containsKey("sub") && claims.get().containsKey("exp"), "the verified claims: " + claims.get());
        }
    }
}
