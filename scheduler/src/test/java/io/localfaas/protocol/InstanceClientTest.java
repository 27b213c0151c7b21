package io.localfaas.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.localfaas.backend.RunningInstance;
import io.localfaas.spec.FunctionSpec;
import io.localfaas.testing.Probe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The instance client against a scripted instance on a loopback socket: framing, keep-alive reuse, timeouts. */
@Timeout(30)
class InstanceClientTest {
    private static final FunctionSpec FN = Probe.function("client", 1, 0, 1);

    private ServerSocket server;
    private final AtomicInteger connections = new AtomicInteger();
    /** The raw answers the fake instance sends, one per request, in order. */
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private final CountDownLatch never = new CountDownLatch(1);
    private InstanceClient client;
    private RunningInstance instance;

    @BeforeEach
    void start() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        instance = new RunningInstance("i-1", "b-1", "127.0.0.1", server.getLocalPort());
        client = new InstanceClient();
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    connections.incrementAndGet();
                    Thread t = new Thread(() -> serve(s));
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterEach
    void stop() throws IOException {
        never.countDown();
        client.close();
        server.close();
    }

    /** Reads requests (head + Content-Length body) and sends the next scripted answer to each. */
    private void serve(Socket s) {
        try (s) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            OutputStream out = s.getOutputStream();
            while (true) {
                String line = in.readLine();
                if (line == null) {
                    return;
                }
                int length = 0;
                for (String h; !(h = in.readLine()).isEmpty(); ) {
                    if (h.toLowerCase().startsWith("content-length:")) {
                        length = Integer.parseInt(h.substring(15).trim());
                    }
                }
                in.skip(length);
                String answer = answers.take();
                if (answer.equals("HANG")) {
                    never.await();
                    return;
                }
                out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                if (answer.contains("Connection: close")) {
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // the test is over
        }
    }

    private InvokeResponse send(String body) throws Exception {
        return client.send(instance, FN, InvokeRequest.event("r-1", body.getBytes(StandardCharsets.UTF_8)), Duration.ofSeconds(5));
    }

    @Test
    void keepAliveAnswersReuseOneConnection() throws Exception {
        answers.add("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        answers.add("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nok2");
        assertEquals("ok", new String(send("a").body(), StandardCharsets.UTF_8));
        assertEquals("ok2", new String(send("b").body(), StandardCharsets.UTF_8));
        assertEquals(1, connections.get());
    }

    @Test
    void aChunkedBodyIsDecodedAndTheConnectionReused() throws Exception {
        answers.add("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nx-fc-error-type: HandledInvocationError\r\n\r\n"
                + "3\r\nabc\r\n4;ext=1\r\ndefg\r\n0\r\nTrailer: x\r\n\r\n");
        answers.add("HTTP/1.1 204 No Content\r\n\r\n");
        InvokeResponse r = send("a");
        assertEquals("abcdefg", new String(r.body(), StandardCharsets.UTF_8));
        assertEquals(Optional.of("HandledInvocationError"), r.errorType());
        assertEquals(List.of("chunked"), r.headers().get("transfer-encoding"));
        assertEquals(204, send("b").status());
        assertEquals(1, connections.get());
    }

    @Test
    void a204WithABodyEndsAtItsHeadAndItsConnectionIsNotReused() throws Exception {
        answers.add("HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\nhello");
        answers.add("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx");
        assertEquals(204, send("a").status());
        assertEquals("x", new String(send("b").body(), StandardCharsets.UTF_8), "not the stray body of the 204");
        assertEquals(2, connections.get());
    }

    @Test
    void anXchunkedBodyIsNotDecodedAsChunked() throws Exception {
        answers.add("HTTP/1.1 200 OK\r\nTransfer-Encoding: xchunked\r\nConnection: close\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
        assertEquals("3\r\nabc\r\n0\r\n\r\n", new String(send("a").body(), StandardCharsets.UTF_8));
    }

    @Test
    void connectionCloseAndReadUntilCloseBodiesTakeANewConnection() throws Exception {
        answers.add("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil-close");
        answers.add("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx");
        assertEquals("until-close", new String(send("a").body(), StandardCharsets.UTF_8));
        assertEquals("x", new String(send("b").body(), StandardCharsets.UTF_8));
        assertEquals(2, connections.get());
    }

    @Test
    void anInstanceThatDoesNotAnswerInTimeIsATimeout() {
        answers.add("HANG");
        assertThrows(HttpTimeoutException.class, () -> client.send(instance, FN,
                InvokeRequest.event("r-1", new byte[0]), Duration.ofMillis(300)));
    }

    @Test
    void aBodyCutShortIsAnErrorAndItsConnectionIsNotReused() throws Exception {
        answers.add("HTTP/1.1 200 OK\r\nContent-Length: 10\r\nConnection: close\r\n\r\nshort");
        answers.add("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\ny");
        assertThrows(IOException.class, () -> send("a"));
        assertEquals("y", new String(send("b").body(), StandardCharsets.UTF_8));
        assertEquals(2, connections.get());
    }
}
