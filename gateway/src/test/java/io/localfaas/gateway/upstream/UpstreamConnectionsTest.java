package io.localfaas.gateway.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.undertow.Undertow;
import io.undertow.client.ClientCallback;
import io.undertow.client.ClientConnection;
import io.undertow.client.ClientExchange;
import io.undertow.client.ClientRequest;
import io.undertow.connector.ByteBufferPool;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.StringReadChannelListener;
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
        ClientConnection first = call("/");
        assertSame(first, call("/"));
    }

    @Test
    void aConnectionIdleForTooLongIsClosedInsteadOfReused() throws Exception {
        ClientConnection first = call("/");
        now.addAndGet(UpstreamConnections.MAX_IDLE_NANOS);
        ClientConnection second = call("/");
        assertNotSame(first, second);
        assertFalse(first.isOpen(), "the old connection is closed");
        now.addAndGet(UpstreamConnections.MAX_IDLE_NANOS - 1);
        assertSame(second, call("/"), "just under the limit it is reused");
    }

    @Test
    void aConnectionTheServerClosesIsNotReused() throws Exception {
        ClientConnection closing = call("/close");
        assertNotSame(closing, call("/"));
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

    private ClientConnection call(String path) throws Exception {
        return call(port, path);
    }

    /** One GET on a taken connection, on the I/O thread; the connection is given back once the answer was read. */
    private ClientConnection call(int port, String path) throws Exception {
        CompletableFuture<ClientConnection> done = new CompletableFuture<>();
        io.execute(() -> connections.take(io, BUFFERS, "127.0.0.1", port, new ClientCallback<>() {
            @Override
            public void completed(ClientConnection c) {
                ClientRequest request = new ClientRequest().setMethod(Methods.GET).setPath(path);
                request.getRequestHeaders().put(Headers.HOST, "127.0.0.1:" + port);
                c.sendRequest(request, new ClientCallback<>() {
                    @Override
                    public void completed(ClientExchange exchange) {
                        exchange.setResponseListener(new ClientCallback<>() {
                            @Override
                            public void completed(ClientExchange answered) {
                                new StringReadChannelListener(BUFFERS) {
                                    @Override
                                    protected void stringDone(String body) {
                                        assertEquals("ok", body);
                                        connections.giveBack("127.0.0.1", port, c);
                                        done.complete(c);
                                    }

                                    @Override
                                    protected void error(IOException e) {
                                        done.completeExceptionally(e);
                                    }
                                }.setup(answered.getResponseChannel());
                            }

                            @Override
                            public void failed(IOException e) {
                                done.completeExceptionally(e);
                            }
                        });
                    }

                    @Override
                    public void failed(IOException e) {
                        done.completeExceptionally(e);
                    }
                });
            }

            @Override
            public void failed(IOException e) {
                done.completeExceptionally(e);
            }
        }));
        ClientConnection c = done.get(10, TimeUnit.SECONDS);
        // Let the I/O thread notice a close the server sent with the answer before the next call takes a connection.
        if (path.equals("/close")) {
            org.awaitility.Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> !c.isOpen());
        }
        return c;
    }
}
