package io.localfaas.gateway;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import io.localfaas.gateway.metrics.GatewayMetrics;
import io.localfaas.port.Happened;
import io.localfaas.spec.AuthSpec;
import io.localfaas.spec.FunctionSpec;
import io.localfaas.testing.GrpcPeer;
import io.undertow.Undertow;
import io.undertow.util.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * gRPC through the gateway's one call path, against a fake port ({@link FakeCalls}) and an in-process grpc-java server as
 * the instance, with grpc-java's client: no Docker. A unary call and a server stream (each message reaches the client
 * before the instance sends the next), the instance's own status passed on in its trailers, JWT refused as
 * UNAUTHENTICATED before any slot is taken, a built-in runtime's refusal, the platform's errors as gRPC statuses, and
 * HTTP/1.1 on the same listener.
 */
@Timeout(60)
class GrpcCallTest {
    private static final String SECRET = "grpc-test-secret-of-at-least-32-bytes-long";
    private static final AuthSpec JWT = new AuthSpec(AuthSpec.Type.JWT, Set.of("HS256"), Optional.of(SECRET), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), AuthSpec.DEFAULT_CLAIMS_HEADER);
    private static final Metadata.Key<String> REQUEST_ID = Metadata.Key.of("x-fc-request-id", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> CLAIMS = Metadata.Key.of(AuthSpec.DEFAULT_CLAIMS_HEADER, Metadata.ASCII_STRING_MARSHALLER);
    @TempDir
    Path dir;
    private Server instance;
    private Undertow gateway;
    private FakeCalls calls;
    private int gatewayPort;
    private ManagedChannel channel;
    /** Released by a test to let the instance's stream go on after its first message. */
    private final CountDownLatch secondMessage = new CountDownLatch(1);
    private final io.grpc.Context.Key<Metadata> seen = io.grpc.Context.key("seen");

    private void start(String timeout) throws Exception {
        ServerServiceDefinition greeter = ServerServiceDefinition.builder(GrpcPeer.SERVICE)
                .addMethod(GrpcPeer.HELLO, ServerCalls.asyncUnaryCall((request, reply) -> {
                    String name = GrpcPeer.text(request);
                    if (name.equals("fail")) {
                        reply.onError(Status.FAILED_PRECONDITION.withDescription("the function says no").asRuntimeException());
                        return;
                    }
                    Metadata h = seen.get();
                    reply.onNext(GrpcPeer.message("hello " + name + " id=" + (h.get(REQUEST_ID) != null) + " claims=" + h.get(CLAIMS), 0));
                    reply.onCompleted();
                }))
                .addMethod(GrpcPeer.COUNT, ServerCalls.asyncServerStreamingCall((request, reply) -> {
                    String name = GrpcPeer.text(request);
                    int n = GrpcPeer.number(request);
                    reply.onNext(GrpcPeer.message(name + " 1", 0));
                    try {
                        if (!secondMessage.await(20, TimeUnit.SECONDS)) {
                            reply.onError(Status.ABORTED.withDescription("the test never took the first message").asRuntimeException());
                            return;
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    for (int i = 2; i <= n; i++) {
                        reply.onNext(GrpcPeer.message(name + " " + i, 0));
                    }
                    reply.onCompleted();
                })).build();
        io.grpc.ServerInterceptor keepHeaders = new io.grpc.ServerInterceptor() {
            @Override
            public <Q, A> io.grpc.ServerCall.Listener<Q> interceptCall(io.grpc.ServerCall<Q, A> call, Metadata headers,
                    io.grpc.ServerCallHandler<Q, A> next) {
                return io.grpc.Contexts.interceptCall(io.grpc.Context.current().withValue(seen, headers), call, headers, next);
            }
        };
        instance = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(ServerInterceptors.intercept(greeter, keepHeaders)).build().start();
        FunctionSpec echo = spec("echo:\n    runtime: custom-container\n    image: x/y:1\n    timeout: " + timeout
                + "\n    triggers: [{path: /, methods: [POST]}]\n");
        FunctionSpec node = spec("node:\n    runtime: nodejs18\n    codeUri: ./\n    handler: index.handler\n");
        calls = new FakeCalls(echo, instance.getPort());
        CallPath path = new CallPath(calls, Duration.ofSeconds(5), new GatewayMetrics());
        FunctionRoutes routes = new FunctionRoutes(() -> List.of(echo, node), Clock.systemUTC(), true);
        GatewayOptions options = GatewayOptions.defaults("127.0.0.1", 0);
        HttpTriggerHandler trigger = new HttpTriggerHandler(routes, options.maxBodyBytes(), path,
                new HttpEventHandler(options.maxBodyBytes(), path, Clock.systemUTC()));
        gateway = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(exchange -> {
            String host = String.valueOf(exchange.getRequestHeaders().getFirst(Headers.HOST));
            if (host.startsWith("jwt.")) {
                trigger.handle(exchange, new Route.Found("echo", Optional.empty(), JWT), false);
            } else if (host.startsWith("node.")) {
                trigger.handle(exchange, new Route.Found("node", Optional.empty(), AuthSpec.NONE), false);
            } else {
                trigger.handle(exchange, new Route.Found("echo", Optional.empty(), AuthSpec.NONE), false);
            }
        }).build();
        startWithHttp2(gateway);
        gatewayPort = ((InetSocketAddress) gateway.getListenerInfo().get(0).getAddress()).getPort();
        channel = GrpcPeer.channel(gatewayPort, "echo.localhost:" + gatewayPort);
    }

    /**
     * Starts {@code s} so that its listener takes HTTP/2 cleartext by prior knowledge beside HTTP/1.1 and no
     * {@code Upgrade: h2c}, as the gateway's own listeners do (Undertow's server option, set on the started listener,
     * turns on only the prior-knowledge preface; set before, the builder would also add its h2c upgrade handler).
     */
    private static void startWithHttp2(Undertow s) {
        s.start();
        org.xnio.OptionMap withHttp2 = org.xnio.OptionMap.builder().set(io.undertow.UndertowOptions.BUFFER_PIPELINED_DATA, true)
                .set(io.undertow.UndertowOptions.ENABLE_HTTP2, true).getMap();
        s.getListenerInfo().forEach(info -> info.setServerOptions(withHttp2));
    }

    private FunctionSpec spec(String function) throws Exception {
        return TestSpecs.function(dir, function);
    }

    @AfterEach
    void stop() {
        secondMessage.countDown();
        if (channel != null) {
            channel.shutdownNow();
        }
        if (gateway != null) {
            gateway.stop();
        }
        if (instance != null) {
            instance.shutdownNow();
        }
    }

    private void slotGivenBack(Happened... what) {
        await().atMost(Duration.ofSeconds(10)).until(() -> calls.given.size() == what.length);
        assertEquals(List.of(what), calls.given);
    }

    @Test
    void aUnaryCallIsAnsweredWithFcsHeadersAndItsSlotGivenBack() throws Exception {
        start("10s");
        assertEquals("hello ada id=true claims=null", GrpcPeer.hello(channel, null, "ada", 10));
        assertEquals("hello bob id=true claims=null", GrpcPeer.hello(channel, null, "bob", 10));
        slotGivenBack(Happened.ANSWERED, Happened.ANSWERED);
    }

    @Test
    void aServerStreamStreamsEachMessageAsItComesInOrder() throws Exception {
        start("10s");
        Iterator<byte[]> replies = ClientCalls.blockingServerStreamingCall(channel, GrpcPeer.COUNT,
                CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS), GrpcPeer.message("n", 4));
        // The instance holds its second message until the client has the first: a buffered answer would never come.
        assertEquals("n 1", GrpcPeer.text(replies.next()));
        assertTrue(calls.given.isEmpty(), "the slot is held while the stream is open");
        secondMessage.countDown();
        for (int i = 2; i <= 4; i++) {
            assertEquals("n " + i, GrpcPeer.text(replies.next()));
        }
        assertTrue(!replies.hasNext());
        slotGivenBack(Happened.ANSWERED);
    }

    @Test
    void aClientThatCancelsItsStreamGivesTheSlotBackWhileTheInstanceIsQuiet() throws Exception {
        start("30s");
        io.grpc.ClientCall<byte[], byte[]> call = channel.newCall(GrpcPeer.COUNT, CallOptions.DEFAULT);
        CountDownLatch first = new CountDownLatch(1);
        call.start(new io.grpc.ClientCall.Listener<>() {
            @Override
            public void onMessage(byte[] message) {
                first.countDown();
            }
        }, new Metadata());
        call.sendMessage(GrpcPeer.message("c", 3));
        call.halfClose();
        call.request(10);
        assertTrue(first.await(10, TimeUnit.SECONDS));
        call.cancel("the test is done with it", null); // the instance still holds its second message
        slotGivenBack(Happened.CLIENT_GONE);
    }

    @Test
    void theInstancesOwnStatusReachesTheClientInItsTrailers() throws Exception {
        start("10s");
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> GrpcPeer.hello(channel, null, "fail", 10));
        assertEquals(Status.Code.FAILED_PRECONDITION, e.getStatus().getCode());
        assertEquals("the function says no", e.getStatus().getDescription());
        slotGivenBack(Happened.ANSWERED);
    }

    @Test
    void aJwtTriggerRefusesACallWithoutAValidTokenAsUnauthenticatedBeforeAnySlotIsTaken() throws Exception {
        start("10s");
        ManagedChannel jwt = GrpcPeer.channel(gatewayPort, "jwt.localhost:" + gatewayPort);
        try {
            StatusRuntimeException none = assertThrows(StatusRuntimeException.class, () -> GrpcPeer.hello(jwt, null, "x", 10));
            assertEquals(Status.Code.UNAUTHENTICATED, none.getStatus().getCode());
            assertTrue(none.getStatus().getDescription().startsWith("InvalidToken: "), none.getStatus().toString());
            StatusRuntimeException bad = assertThrows(StatusRuntimeException.class, () -> GrpcPeer.hello(jwt, "x.y.z", "x", 10));
            assertEquals(Status.Code.UNAUTHENTICATED, bad.getStatus().getCode());
            assertTrue(calls.tryTakeThreads.isEmpty(), "no slot was taken for a refused call");
            String token = Jwts.builder().subject("alice").expiration(Date.from(Instant.now().plusSeconds(300)))
                    .signWith(Keys.hmacShaKeyFor(SECRET.getBytes(StandardCharsets.UTF_8))).compact();
            String answer = GrpcPeer.hello(jwt, token, "alice", 10);
            assertTrue(answer.startsWith("hello alice id=true claims={") && answer.contains("\"sub\":\"alice\""), answer);
        } finally {
            jwt.shutdownNow();
        }
    }

    @Test
    void aBuiltInRuntimeCannotServeGrpc() throws Exception {
        start("10s");
        ManagedChannel node = GrpcPeer.channel(gatewayPort, "node.localhost:" + gatewayPort);
        try {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> GrpcPeer.hello(node, null, "x", 10));
            assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().getCode());
            assertTrue(e.getStatus().getDescription().contains("nodejs18"), e.getStatus().toString());
        } finally {
            node.shutdownNow();
        }
    }

    @Test
    void anInstanceThatIsGoneIsUnavailableAndAThrottledCallResourceExhausted() throws Exception {
        start("10s");
        int port = instance.getPort();
        instance.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        StatusRuntimeException gone = assertThrows(StatusRuntimeException.class, () -> GrpcPeer.hello(channel, null, "x", 10));
        assertEquals(Status.Code.UNAVAILABLE, gone.getStatus().getCode(), gone.getStatus().toString());
        assertTrue(calls.given.isEmpty() || !calls.given.contains(Happened.ANSWERED));
        calls.port(port);
        calls.free.set(false);
        calls.throttle.set(true);
        StatusRuntimeException throttled = assertThrows(StatusRuntimeException.class, () -> GrpcPeer.hello(channel, null, "x", 10));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, throttled.getStatus().getCode(), throttled.getStatus().toString());
    }

    @Test
    void theFunctionsTimeoutEndsAStreamWithDeadlineExceeded() throws Exception {
        start("1s");
        Iterator<byte[]> replies = ClientCalls.blockingServerStreamingCall(channel, GrpcPeer.COUNT,
                CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS), GrpcPeer.message("t", 3));
        assertEquals("t 1", GrpcPeer.text(replies.next()));
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, replies::next);
        assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode(), e.getStatus().toString());
        slotGivenBack(Happened.ANSWERED);
    }

    @Test
    void http11AndAnOrdinaryHttp2RequestAreServedOnTheSameListener() throws Exception {
        start("10s");
        Undertow plain = Undertow.builder().addHttpListener(0, "127.0.0.1")
                .setHandler(exchange -> exchange.getRequestReceiver().receiveFullString((ex, body) ->
                        ex.getResponseSender().send("plain " + ex.getProtocol() + (body.isEmpty() ? "" : " " + body)))).build();
        plain.start();
        try {
            calls.port(((InetSocketAddress) plain.getListenerInfo().get(0).getAddress()).getPort());
            HttpResponse<String> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + gatewayPort + "/anything")).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(HttpClient.Version.HTTP_1_1, r.version());
            assertEquals("plain HTTP/1.1", r.body());
            // The JDK's HTTP/2 client asks for h2c with an upgrade, which the gateway does not take: HTTP/1.1 goes on.
            HttpResponse<String> upgrade = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + gatewayPort + "/anything")).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(HttpClient.Version.HTTP_1_1, upgrade.version());
            assertEquals("plain HTTP/1.1", upgrade.body());
            // HTTP/2 by prior knowledge that is no gRPC call goes the HTTP/1.1 way to the instance; its body needs no
            // Content-Length on HTTP/2, and one of unknown length reaches the instance whole.
            assertEquals("200 plain HTTP/1.1 a body", H2Client.post(gatewayPort, "/anything", "a body"));
        } finally {
            plain.stop();
        }
    }
}
