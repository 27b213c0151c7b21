package io.localfaas.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.localfaas.Scheduler;
import io.localfaas.backend.InstanceLaunch;
import io.localfaas.backend.NoOpBackend;
import io.localfaas.backend.RunningInstance;
import io.localfaas.gateway.metrics.GatewayMetrics;
import io.localfaas.testing.Probe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Idle and half-open client connections (issue 23): at the connection cap the oldest idle ones make room for a new one,
 * a connection with a request in progress is never closed for room, and a request head that does not arrive whole
 * within the parse deadline closes its connection. A real gateway on loopback; no function is called.
 */
@Timeout(120)
class ConnectionCapTest {
    private static final byte[] HALF_HEAD = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Half: ".getBytes(StandardCharsets.US_ASCII);

    private final List<Socket> sockets = new ArrayList<>();
    private GatewayServer gateway;
    private Scheduler scheduler;
    private final GatewayMetrics metrics = new GatewayMetrics();

    /** Starts nothing: these gateways serve no function. */
    private static final class NoBackend extends NoOpBackend {
        @Override
        public RunningInstance start(InstanceLaunch launch) {
            throw new UnsupportedOperationException("no functions here");
        }
    }

    /**
     * A gateway keeping {@code cap} connections, with a request head deadline of {@code parse}; idle connections and
     * reads would otherwise wait 120 s and 60 s, longer than any await here.
     */
    private GatewayServer gateway(int cap, Duration parse) {
        scheduler = new Scheduler(Probe.app(Probe.platform(1, Duration.ofSeconds(1), 1)), new NoBackend(), Clock.systemUTC());
        gateway = new GatewayServer(scheduler, GatewayOptions.defaults("127.0.0.1", 0).withMaxConnections(cap)
                .withTimeouts(parse, Duration.ofSeconds(120), Duration.ofSeconds(60)), metrics, Clock.systemUTC());
        gateway.start();
        return gateway;
    }

    @AfterEach
    void close() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (scheduler != null) {
            scheduler.close();
        }
    }

    private Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", gateway.port());
        s.setSoTimeout(30_000);
        sockets.add(s);
        return s;
    }

    /** The status line and headers of the answer to GET /healthz on {@code s}, read to the end of its body. */
    private static String healthz(Socket s) throws IOException {
        s.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return readUntil(s.getInputStream(), "\"ok\"}\n");
    }

    private static String readUntil(InputStream in, String end) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (!b.toString(StandardCharsets.US_ASCII).contains(end)) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("closed after: " + b.toString(StandardCharsets.US_ASCII));
            }
            b.write(c);
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    /** Rows: open connections oldest first, idle (i) or busy (b), the last just accepted; the cap; which close. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "iii  | 3 | ''",       // at the cap: nothing to close
        "iiii | 3 | 0",        // one over: the oldest idle
        "biii | 3 | 1",        // a busy one is passed over
        "bbbi | 3 | ''",       // every other one busy: none (accepting pauses at the high water mark)
        "iiiii| 3 | 0 1",      // two over: the two oldest idle
        "bibii| 3 | 1 3",
        "bbbb | 3 | ''",       // the one just accepted is never closed, even when it alone is idle
        "ii   | 1 | 0",
    })
    void theOldestIdleConnectionsMakeRoom(String flags, int cap, String expected) {
        List<Integer> open = new ArrayList<>();
        String f = flags.trim();
        for (int i = 0; i < f.length(); i++) {
            open.add(i);
        }
        List<Integer> closed = ConnectionCap.toClose(open, i -> f.charAt(i) == 'i', cap);
        assertEquals(expected.isBlank() ? List.of() : Arrays.stream(expected.trim().split(" ")).map(Integer::valueOf).toList(), closed);
    }

    @Test
    void atMostThirtyTwoCloseForOneAccepted() {
        List<Integer> open = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            open.add(i);
        }
        assertEquals(ConnectionCap.MAX_CLOSED_PER_ACCEPT, ConnectionCap.toClose(open, i -> true, 10).size());
    }

    /**
     * The cap's worth of connections that never send a byte, and more that sent half a request head: a new well-formed
     * request is served (it used to wait in the backlog until the idle ones timed out), and the oldest idle connection
     * was the one closed for it.
     */
    @Test
    void aNewRequestIsServedWhileIdleAndHalfOpenConnectionsHoldTheCap() throws Exception {
        int cap = 32;
        gateway(cap, Duration.ofSeconds(60));
        for (int i = 0; i < cap; i++) {
            connect();
        }
        for (int i = 0; i < cap / 2; i++) {
            connect().getOutputStream().write(HALF_HEAD);
        }
        Socket fresh = connect();
        assertTrue(healthz(fresh).startsWith("HTTP/1.1 200"), "served at once, past the cap");
        assertEquals(-1, sockets.get(0).getInputStream().read(), "the oldest idle connection made room");
        assertTrue(metrics.idleConnectionsClosed() >= cap / 2, "closed for room: " + metrics.idleConnectionsClosed());
    }

    /** A connection whose request is in progress (its body half sent) is passed over; an idle kept-alive one goes. */
    @Test
    void aConnectionWithARequestInProgressIsNotClosedForRoom() throws Exception {
        gateway(2, Duration.ofSeconds(60));
        Socket busy = connect();
        busy.getOutputStream().write("POST /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 10\r\n\r\n12345"
                .getBytes(StandardCharsets.US_ASCII));
        Socket keptAlive = connect();
        assertTrue(healthz(keptAlive).startsWith("HTTP/1.1 200"));
        Socket fresh = connect();
        assertTrue(healthz(fresh).startsWith("HTTP/1.1 200"), "served past the cap");
        assertEquals(-1, keptAlive.getInputStream().read(), "the idle kept-alive connection made room");
        busy.getOutputStream().write("67890".getBytes(StandardCharsets.US_ASCII));
        assertTrue(readUntil(busy.getInputStream(), "HTTP/1.1 405").endsWith("HTTP/1.1 405"), "its answer (healthz takes no POST)");
        assertTrue(healthz(busy).contains("HTTP/1.1 200"), "the busy connection was left open and serves its next request");
    }

    /** A request head that has not arrived whole within the parse deadline closes its connection. */
    @Test
    void aHalfSentHeadIsClosedAfterTheParseDeadline() throws Exception {
        gateway(64, Duration.ofMillis(300));
        Socket half = connect();
        half.getOutputStream().write(HALF_HEAD);
        assertEquals(-1, half.getInputStream().read(), "closed by the deadline (the read timeout alone would be 60 s)");
        assertTrue(healthz(connect()).startsWith("HTTP/1.1 200"), "a whole head in time is served");
    }
}
