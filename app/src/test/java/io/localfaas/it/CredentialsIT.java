package io.localfaas.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code faas up} gives functions the keys {@code s local} / {@code fun local} would: context.credentials carries them,
 * the start line shows them masked, and no line of the platform's output (its own logs and the functions') holds them.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class CredentialsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ID = "LTAI5tLocalFaasTestKey01";
    private static final String SECRET = "s3cretValueThatMustNeverBeLogged";
    private static final String TOKEN = "securityTokenNeverInALogLine";

    @TempDir
    Path dir;
    private Path config;

    @BeforeEach
    void function() throws Exception {
        Path code = Files.createDirectory(dir.resolve("code"));
        Files.writeString(code.resolve("index.js"), """
                exports.handler = (req, resp, context) => {
                  console.log('serving ' + context.requestId);
                  resp.setHeader('content-type', 'application/json');
                  resp.send(JSON.stringify(context.credentials));
                };
                """);
        config = dir.resolve("app.yaml");
        Files.writeString(config, "service: creds\nfunctions:\n  who: {runtime: nodejs18, codeUri: code, handler: index.handler,"
                + " triggers: [{path: /who}]}\n");
        Files.createDirectories(dir.resolve("home"));
    }

    private JsonNode credentialsSeen(ChildPlatform up) throws Exception {
        String url = up.awaitListening();
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/who"))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    private static List<String> allLines(ChildPlatform up) {
        List<String> lines = new ArrayList<>(up.out());
        lines.addAll(up.err());
        return lines;
    }

    private static void neverLogged(ChildPlatform up, String... secrets) {
        // The function's output reaches the platform's log after its answer (read from the instance apart from it): awaited.
        await("the function's own output in the platform's log").atMost(Duration.ofSeconds(30))
                .until(() -> allLines(up).stream().anyMatch(l -> l.contains("serving ")));
        List<String> lines = allLines(up);
        for (String s : secrets) {
            assertFalse(lines.stream().anyMatch(l -> l.contains(s)), "a log line holds a key: " + lines);
        }
    }

    @Test
    void keysFromTheEnvironmentReachContextCredentialsAndNoLogLine() throws Exception {
        Map<String, String> env = Map.of("ALIBABA_CLOUD_ACCESS_KEY_ID", ID, "ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET,
                "ALIBABA_CLOUD_SECURITY_TOKEN", TOKEN, "HOME", dir.resolve("home").toString(),
                "LOCALFAAS_STATE_DIR", dir.resolve("state").toString());
        try (ChildPlatform up = new ChildPlatform(env, "up", config.toString(), "--port", "0")) {
            JsonNode seen = credentialsSeen(up);
            assertEquals(ID, seen.get("accessKeyId").asText());
            assertEquals(SECRET, seen.get("accessKeySecret").asText());
            assertEquals(TOKEN, seen.get("securityToken").asText());
            assertTrue(up.out().contains("credentials: ALIBABA_CLOUD_ACCESS_KEY_ID=LTAI****ey01, ALIBABA_CLOUD_ACCESS_KEY_SECRET=****,"
                    + " ALIBABA_CLOUD_SECURITY_TOKEN=**** (from the environment)"), up.out().toString());
            neverLogged(up, ID, SECRET, TOKEN);
        }
    }

    @Test
    void anAccessAliasOfTheServerlessDevsFileIsUsedAndAMissingOneRefused() throws Exception {
        Path s = Files.createDirectories(dir.resolve("home").resolve(".s"));
        Files.writeString(s.resolve("access.yaml"), """
                default:
                  AccountID: '1234'
                  AccessKeyID: LTAIdefaultAliasKey0000
                  AccessKeySecret: defaultSecretValue0000
                work:
                  AccountID: '5678'
                  AccessKeyID: %s
                  AccessKeySecret: %s
                """.formatted(ID, SECRET));
        Map<String, String> env = Map.of("HOME", dir.resolve("home").toString(), "LOCALFAAS_STATE_DIR", dir.resolve("state").toString());
        try (ChildPlatform up = new ChildPlatform(env, "up", config.toString(), "--port", "0", "--access", "work")) {
            JsonNode seen = credentialsSeen(up);
            assertEquals(ID, seen.get("accessKeyId").asText());
            assertEquals(SECRET, seen.get("accessKeySecret").asText());
            neverLogged(up, ID, SECRET);
        }
        try (ChildPlatform missing = new ChildPlatform(env, "up", config.toString(), "--port", "0", "--access", "nope")) {
            assertEquals(2, missing.awaitExit());
            assertTrue(missing.err().stream().anyMatch(l -> l.contains("--access nope: no such alias") && l.contains("default, work")),
                    missing.err().toString());
        }
    }
}
