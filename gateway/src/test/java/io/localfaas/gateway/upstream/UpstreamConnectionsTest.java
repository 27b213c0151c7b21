package io.localfaas.gateway.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.nio.charset.StandardCharsets;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.localfaas.protocol.ResponseHead;
import io.undertow.Undertow;
import io.undertow.connector.ByteBufferPool;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.HeaderMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioIoThread;
import org.xnio.XnioWorker;

/** Keeping, reusing and retiring connections, against a real Undertow server on a loopback port. */
@Timeout(30)
class UpstreamConnectionsTest {
    private static Undertow server;
    private static Undertow other;
    private static int port;
    private static int otherPort;
    private static XnioWorker worker;
    private static XnioIoThread io;
    private static final ByteBufferPool BUFFERS = new DefaultByteBufferPool(false, 8192);

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final UpstreamConnections connections = new UpstreamConnections(now::get, 1);

    @BeforeAll
    static void start() throws IOException {
        server = okServer();
        port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
        other = okServer();
        otherPort = ((InetSocketAddress) other.getListenerInfo().get(0).getAddress()).getPort();
        worker = Xnio.getInstance().createWorker(OptionMap.create(Options.WORKER_IO_THREADS, 1));
        io = worker.getIoThread();
    }

    private static Undertow okServer() {
        Undertow u = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(exchange -> {
            if (exchange.getRequestPath().equals("/close")) {
                exchange.setPersistent(false);
            }
            exchange.getResponseSender().send("ok");
        }).build();
        u.start();
        return u;
    }

    @AfterAll
    static void stop() {
        server.stop();
        other.stop();
        worker.shutdownNow();
    }

    @Test
    void aConnectionGivenBackIsTakenForTheNextCall() throws Exception {
        UpstreamConnection first = call("/");
        assertSame(first, call("/"));
    }

    @Test
    void aConnectionIdleForTooLongIsClosedInsteadOfReused() throws Exception {
        UpstreamConnection first = call("/");
        now.addAndGet(UpstreamConnections.MAX_IDLE_NANOS);
        UpstreamConnection second = call("/");
        assertNotSame(first, second);
        assertFalse(first.isOpen(), "the old connection is closed");
        now.addAndGet(UpstreamConnections.MAX_IDLE_NANOS - 1);
        assertSame(second, call("/"), "just under the limit it is reused");
    }

    @Test
    void aConnectionTheServerClosesIsNotReused() throws Exception {
        UpstreamConnection closing = call("/close");
        assertNotSame(closing, call("/"));
    }

    @Test
    void aConnectionTheServerClosedWhileItWasIdleIsNotReused() throws Exception {
        try (ServerSocket once = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            CountDownLatch closed = new CountDownLatch(1);
            Thread server = new Thread(() -> {
                for (int i = 0; i < 2; i++) {
                    try (Socket s = once.accept()) {
                        s.getInputStream().read(new byte[4096]);
                        s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
                        s.getOutputStream().flush();
                        if (i == 0) {
                            // Kept alive by the answer, then closed while idle (an instance that stopped).
                            s.shutdownOutput();
                            closed.countDown();
                            s.getInputStream().read();
                        }
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            server.setDaemon(true);
            server.start();
            UpstreamConnection first = call(once.getLocalPort(), "/");
            assertTrue(closed.await(10, TimeUnit.SECONDS));
            await().atMost(Duration.ofSeconds(10)).until(() -> !first.isOpen());
            assertNotSame(first, call(once.getLocalPort(), "/"), "a connection the server closed is not taken again");
        }
    }

    @Test
    void addressesWhoseConnectionsAllWentStaleAreForgotten() throws Exception {
        call(port, "/");
        now.addAndGet(UpstreamConnections.MAX_IDLE_NANOS);
        call(otherPort, "/");
        assertEquals(1, kept(), "the stale address was swept when another went past the limit (1 in this test)");
        now.addAndGet(UpstreamConnections.MAX_IDLE_NANOS);
        call(otherPort, "/");
        assertEquals(1, kept(), "taking from an address with only stale connections starts it afresh");
    }

    private int kept() throws Exception {
        CompletableFuture<Integer> n = new CompletableFuture<>();
        io.execute(() -> n.complete(connections.addressesKept()));
        return n.get(10, TimeUnit.SECONDS);
    }

    private UpstreamConnection call(String path) throws Exception {
        return call(port, path);
    }

    /**
     * One GET on a taken connection, on the I/O thread; the connection is given back once the answer was read, if it can
     * carry another call.
     */
    private UpstreamConnection call(int port, String path) throws Exception {
        CompletableFuture<UpstreamConnection> done = new CompletableFuture<>();
        io.execute(() -> connections.take(io, "127.0.0.1", port, c -> {
            Http1Exchange[] x = new Http1Exchange[1];
            x[0] = Http1Exchange.send(c, BUFFERS, HeadBytes.start(Methods.GET, path).header(Headers.HOST, "127.0.0.1:" + port).end(),
                    null, false, new Http1Exchange.Listener() {
                        @Override
                        public void answered(ResponseHead head, HeaderMap headers) {
                            if (x[0].bodyInHand() != null) {
                                ended(new String(x[0].bodyInHand(), StandardCharsets.UTF_8));
                                return;
                            }
                            Http1ExchangeTest.readToEnd(x[0].body(), this::ended, done::completeExceptionally);
                        }

                        private void ended(String body) {
                            if (!body.equals("ok")) {
                                done.completeExceptionally(new AssertionError("answered " + body));
                                return;
                            }
                            if (x[0].reusable()) {
                                connections.giveBack("127.0.0.1", port, c);
                            } else {
                                c.close();
                            }
                            done.complete(c);
                        }

                        @Override
                        public void failed(IOException e) {
                            done.completeExceptionally(e);
                        }
                    }, null);
        }, done::completeExceptionally));
        return done.get(10, TimeUnit.SECONDS);
    }
}
