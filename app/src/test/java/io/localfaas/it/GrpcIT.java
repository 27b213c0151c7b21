package io.localfaas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import io.localfaas.backend.ImageBuild;
import io.localfaas.backend.Labels;
import io.localfaas.backend.docker.DockerImages;
import io.localfaas.testing.GrpcPeer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * gRPC through the gateway on the real engine: a gRPC server on @grpc/grpc-js (installed from npm at set-up) as a custom
 * runtime function and as a custom container (an image built here), each behind an HTTP trigger with JWT, called at its
 * function URL ({@code <function>.localhost}, as FC serves gRPC on its subdomain) by grpc-java over HTTP/2 cleartext. A
 * unary call and a server stream whose first message arrives while the instance still holds the rest (it streams), in
 * order; no token and a bad one refused UNAUTHENTICATED; a built-in runtime refused UNIMPLEMENTED; HTTP/1.1 on the same
 * port as before.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class GrpcIT {
    private static final String SECRET = "grpc-it-secret-of-at-least-32-bytes-long";
    private static final String TAG = "localfaas-it/grpc-greeter:" + UUID.randomUUID().toString().substring(0, 8);
    private static DockerImages images;
    private static RunningPlatform platform;
    private static ManagedChannel greeter;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("localfaas-grpc");
        Path code = NpmInstall.copy(Path.of("src", "test", "resources", "grpc"), dir.resolve("grpc"));
        NpmInstall.install(code, dir.resolve("npm.log"), "@grpc/grpc-js@1.14.7", "@grpc/proto-loader@0.8.1");
        // The same server as a custom container: an image FROM the nodejs18 runtime's (for its Node), on FC's CAPort 9000.
        images = DockerImages.connect();
        images.build(new ImageBuild(io.localfaas.spec.Runtime.NODEJS18.image(), code, TAG, Map.of(Labels.OWNER, Labels.OWNER_VALUE),
                Duration.ofMinutes(3)));
        Path plain = Files.createDirectories(dir.resolve("plain"));
        Files.writeString(plain.resolve("index.js"), "exports.handler = (req, resp, context) => resp.send('hi');\n");
        Path config = dir.resolve("grpc.yaml");
        Files.writeString(config, """
                service: grpc
                platform: {host: 127.0.0.1, port: 0}
                functions:
                  greeter:
                    runtime: custom
                    codeUri: %s
                    timeout: 60s
                    instanceConcurrency: 10
                    customRuntimeConfig: {command: [node], args: [index.js], port: 9000}
                    triggers: [{path: /greeter, methods: [POST], auth: {type: jwt, secret: "%s"}}]
                  boxed:
                    runtime: custom-container
                    image: %s
                    command: [node, /code/index.js]
                    timeout: 60s
                    instanceConcurrency: 10
                    triggers: [{path: /boxed, methods: [POST], auth: {type: jwt, secret: "%s"}}]
                  plain:
                    runtime: nodejs18
                    codeUri: %s
                    handler: index.handler
                    triggers: [{path: /plain, methods: [GET, POST]}]
                """.formatted(code, SECRET, TAG, SECRET, plain));
        platform = new RunningPlatform(config);
        greeter = channel("greeter");
    }

    @AfterAll
    static void stop() {
        if (greeter != null) {
            greeter.shutdownNow();
        }
        if (platform != null) {
            platform.close();
        }
        if (images != null) {
            images.removeIfUnused(TAG);
            images.close();
        }
    }

    private static ManagedChannel channel(String function) {
        int port = platform.gateway.port();
        return GrpcPeer.channel(port, function + ".localhost:" + port);
    }

    private static String token() {
        return Jwts.builder().subject("alice").expiration(Date.from(Instant.now().plusSeconds(600)))
                .signWith(Keys.hmacShaKeyFor(SECRET.getBytes(StandardCharsets.UTF_8))).compact();
    }

    @ParameterizedTest
    @ValueSource(strings = {"greeter", "boxed"})
    void aUnaryCallIsServedWithFcsHeadersAndTheTokensClaims(String function) {
        ManagedChannel channel = channel(function);
        try {
            String answer = GrpcPeer.hello(channel, token(), "ada", 120); // the first call waits for a cold start
            assertTrue(answer.startsWith("hello ada id=true claims={"), answer);
            assertTrue(answer.contains("\"sub\":\"alice\""), "the token's claims reached the function: " + answer);
        } finally {
            channel.shutdownNow();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"greeter", "boxed"})
    void aServerStreamStreamsItsMessagesInOrder(String function) {
        ManagedChannel channel = channel(function);
        try {
            stream(channel);
        } finally {
            channel.shutdownNow();
        }
    }

    private static void stream(ManagedChannel greeter) {
        Metadata auth = new Metadata();
        auth.put(GrpcPeer.AUTHORIZATION, "Bearer " + token());
        Iterator<byte[]> replies = ClientCalls.blockingServerStreamingCall(
                ClientInterceptors.intercept(greeter, MetadataUtils.newAttachHeadersInterceptor(auth)), GrpcPeer.COUNT,
                CallOptions.DEFAULT.withDeadlineAfter(120, TimeUnit.SECONDS), GrpcPeer.message("s", 5));
        // The instance holds messages 2..5 until it is told to go on: the first can only arrive if the gateway streams.
        assertEquals("s 1", GrpcPeer.text(replies.next()));
        assertEquals("released true", GrpcPeer.hello(greeter, token(), "release:s", 30));
        for (int i = 2; i <= 5; i++) {
            assertEquals("s " + i, GrpcPeer.text(replies.next()));
        }
        assertFalse(replies.hasNext());
    }

    @Test
    void withoutAValidTokenACallIsRefusedUnauthenticated() {
        StatusRuntimeException none = assertThrows(StatusRuntimeException.class, () -> GrpcPeer.hello(greeter, null, "x", 30));
        assertEquals(Status.Code.UNAUTHENTICATED, none.getStatus().getCode(), none.getStatus().toString());
        StatusRuntimeException bad = assertThrows(StatusRuntimeException.class, () -> GrpcPeer.hello(greeter, "x.y.z", "x", 30));
        assertEquals(Status.Code.UNAUTHENTICATED, bad.getStatus().getCode(), bad.getStatus().toString());
    }

    @Test
    void aBuiltInRuntimeRefusesGrpcAndHttp11StillWorksOnTheSamePort() throws Exception {
        ManagedChannel plain = channel("plain");
        try {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> GrpcPeer.hello(plain, null, "x", 30));
            assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().getCode(), e.getStatus().toString());
            assertTrue(e.getStatus().getDescription().contains("nodejs18"), e.getStatus().toString());
        } finally {
            plain.shutdownNow();
        }
        HttpResponse<String> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(URI.create(platform.gateway.baseUrl() + "/plain")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(HttpClient.Version.HTTP_1_1, r.version());
        assertEquals("hi", r.body());
    }
}
