package io.localfaas.gateway.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.localfaas.protocol.ResponseHead;
import io.undertow.connector.ByteBufferPool;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.util.HeaderMap;
import io.undertow.util.Methods;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xnio.ChannelListener;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioIoThread;
import org.xnio.XnioWorker;
import org.xnio.channels.StreamSourceChannel;

/**
 * The gateway's HTTP/1.1 exchange with an instance, against a scripted server on a loopback port that answers exactly the
 * bytes given, in the pieces given (each written and flushed on its own: the client reads them apart when it is quicker
 * than the server, together otherwise; the outcome must be the same either way).
 */
@Timeout(30)
class Http1ExchangeTest {
    private static final ByteBufferPool BUFFERS = new DefaultByteBufferPool(false, 1024);
    private static XnioWorker worker;
    private static XnioIoThread io;
    private final UpstreamConnections connections = new UpstreamConnections();

    @BeforeAll
    static void start() throws IOException {
        worker = Xnio.getInstance().createWorker(OptionMap.create(Options.WORKER_IO_THREADS, 1));
        io = worker.getIoThread();
    }

    @AfterAll
    static void stop() {
        worker.shutdownNow();
    }

    /** What one exchange came to: the status, the body read to its end, whether the connection could carry another call. */
    private record Outcome(int status, String body, boolean reusable, String request) {
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '#', textBlock = """
            whole with its head             # HTTP/1.1 200 OK|Content-Length: 5||hello                          # 200 # hello   # true
            head in pieces                  # HTTP/1.1 2~00 OK|Cont~ent-Length: 5|~|~hel~lo                     # 200 # hello   # true
            length, body later              # HTTP/1.1 200 OK|Content-Length: 11||~hello ~world                 # 200 # hello world # true
            chunked                         # HTTP/1.1 200 OK|Transfer-Encoding: chunked||5|hello|~6| world|0||  # 200 # hello world # true
            chunked with trailers           # HTTP/1.1 200 OK|Transfer-Encoding: chunked||5|hello|0|X-T: 1||     # 200 # hello   # true
            until close                     # HTTP/1.1 200 OK||hello~ world                                     # 200 # hello world # false
            100 Continue skipped            # HTTP/1.1 100 Continue||~HTTP/1.1 201 Created|Content-Length: 2||ok # 201 # ok     # true
            Connection: close               # HTTP/1.1 200 OK|Connection: close|Content-Length: 2||ok           # 200 # ok      # false
            bytes past the answer           # HTTP/1.1 200 OK|Content-Length: 2||okEXTRA                        # 200 # ok      # false
            204 announcing a body           # HTTP/1.1 204 No Content|Content-Length: 3||                       # 204 # ''      # false
            204                             # HTTP/1.1 204 No Content||                                         # 204 # ''      # true
            """)
    void anAnswerIsReadToItsEndAndTheConnectionKeptOnlyWhenItCanCarryTheNext(String what, String script, int status, String body,
            boolean reusable) throws Exception {
        Outcome o = exchange(script, "GET", null);
        assertEquals(List.of(status, body, reusable), List.of(o.status(), o.body(), o.reusable()), what);
    }

    @Test
    void aLargeBodyPassesThroughInBuffersSmallerThanIt() throws Exception {
        String big = "x".repeat(10_000);
        Outcome o = exchange("HTTP/1.1 200 OK|Content-Length: 10000||" + big, "GET", null);
        assertEquals(big, o.body());
        assertTrue(o.reusable());
    }

    @Test
    void theHeadAndTheBodyInHandGoOutAsOneRequest() throws Exception {
        Outcome o = exchange("HTTP/1.1 200 OK|Content-Length: 2||ok", "POST", "payload");
        assertEquals("POST /p HTTP/1.1\r\nhost: here\r\ncontent-length: 7\r\n\r\npayload", o.request());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '#', textBlock = """
            closed before answering      # ''                                       # closed the connection before answering
            closed in the head           # HTTP/1.1 200 OK|Cont                     # in the middle of its answer's head
            not HTTP                     # SSH-2.0-OpenSSH||                         # not HTTP/1.x
            """)
    void aBrokenAnswerFailsTheExchange(String what, String script, String says) {
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, () -> exchange(script, "GET", null));
        assertTrue(e.getCause().getMessage().contains(says), what + ": " + e.getCause().getMessage());
    }

    /**
     * One exchange with a server that answers {@code script} ({@code |} is CRLF, {@code ~} separates the pieces it
     * writes apart) and then closes; the body is read from the exchange as a call does.
     */
    private Outcome exchange(String script, String method, String body) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> request = new CompletableFuture<>();
            Thread t = new Thread(() -> serve(server, script, body == null ? 0 : body.length(), request));
            t.setDaemon(true);
            t.start();
            CompletableFuture<Outcome> done = new CompletableFuture<>();
            io.execute(() -> connections.take(io, "127.0.0.1", server.getLocalPort(), c -> {
                Http1Exchange[] x = new Http1Exchange[1];
                HeadBytes head = HeadBytes.start(Methods.fromString(method), "/p").header("host", "here");
                if (body != null) {
                    head.header("content-length", Integer.toString(body.length()));
                }
                x[0] = Http1Exchange.send(c, BUFFERS, head.end(), body == null ? null : ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)),
                        false, new Http1Exchange.Listener() {
                            @Override
                            public void answered(ResponseHead h, HeaderMap headers) {
                                if (x[0].bodyInHand() != null) {
                                    done.complete(new Outcome(h.status(), new String(x[0].bodyInHand(), StandardCharsets.UTF_8),
                                            x[0].reusable(), request.getNow(null)));
                                    return;
                                }
                                readToEnd(x[0].body(), read -> done.complete(new Outcome(h.status(), read, x[0].reusable(), request.getNow(null))),
                                        done::completeExceptionally);
                            }

                            @Override
                            public void failed(IOException e) {
                                done.completeExceptionally(e);
                            }
                        }, null);
            }, done::completeExceptionally));
            Outcome o = done.get(20, TimeUnit.SECONDS);
            return new Outcome(o.status(), o.body(), o.reusable(), request.get(20, TimeUnit.SECONDS));
        }
    }

    /** Reads a body to its end as a call does, leaving the connection open. */
    static void readToEnd(StreamSourceChannel body, java.util.function.Consumer<String> then,
            java.util.function.Consumer<IOException> failed) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(100);
        ChannelListener<StreamSourceChannel> reader = ch -> {
            try {
                for (int n; (n = ch.read(buf.clear())) != 0; ) {
                    if (n < 0) {
                        ch.suspendReads();
                        then.accept(all.toString(StandardCharsets.UTF_8));
                        return;
                    }
                    all.write(buf.array(), 0, n);
                }
                ch.resumeReads();
            } catch (IOException e) {
                failed.accept(e);
            }
        };
        body.getReadSetter().set(reader);
        reader.handleEvent(body);
    }

    /** Reads one request (head, and a body of {@code bodyLength}), answers the script in its pieces, then closes. */
    private static void serve(ServerSocket server, String script, int bodyLength, CompletableFuture<String> request) {
        try (Socket s = server.accept()) {
            s.setTcpNoDelay(true);
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            while (!got.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                got.write(b);
            }
            for (int i = 0; i < bodyLength; i++) {
                got.write(in.read());
            }
            request.complete(got.toString(StandardCharsets.ISO_8859_1));
            for (String piece : script.split("~", -1)) {
                s.getOutputStream().write(piece.replace("|", "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                s.getOutputStream().flush();
            }
        } catch (IOException e) {
            request.completeExceptionally(e);
        }
    }
}
