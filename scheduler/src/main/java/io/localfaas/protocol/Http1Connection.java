package io.localfaas.protocol;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One keep-alive HTTP/1.1 connection to an instance on loopback, used by one call at a time: the calling thread writes
 * the request and reads the answer with plain blocking socket I/O (no selector thread, no hand-off). Timeouts are
 * deadlines checked on every read; they surface as {@link HttpTimeoutException} (and {@link HttpConnectTimeoutException}
 * for the connect), as {@code java.net.http} reported them, so that callers tell a timeout from a dead instance alike.
 */
final class Http1Connection {
    private static final int MAX_HEAD_BYTES = 64 * 1024;

    private final SocketChannel channel;
    private final InputStream in;
    private final OutputStream out;
    private final String target;
    private long idleSinceNanos;

    private Http1Connection(SocketChannel channel, String target) throws IOException {
        this.channel = channel;
        this.target = target;
        this.in = new BufferedInputStream(channel.socket().getInputStream(), 16 * 1024);
        this.out = channel.socket().getOutputStream();
    }

    static Http1Connection open(String host, int port, Duration connectTimeout) throws IOException {
        SocketChannel ch = SocketChannel.open();
        try {
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.socket().connect(new InetSocketAddress(host, port), (int) connectTimeout.toMillis());
            return new Http1Connection(ch, host + ":" + port);
        } catch (SocketTimeoutException e) {
            ch.close();
            throw new HttpConnectTimeoutException("connect to " + host + ":" + port + " timed out");
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    String target() {
        return target;
    }

    /**
     * Whether a pooled connection can carry another request: the peer has not closed it and sent nothing unasked. A
     * non-blocking read of the socket tells without waiting.
     */
    boolean reusable() {
        try {
            channel.configureBlocking(false);
            try {
                return channel.read(ByteBuffer.allocate(1)) == 0;
            } finally {
                channel.configureBlocking(true);
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    void idleSince(long nanos) {
        idleSinceNanos = nanos;
    }

    long idleSince() {
        return idleSinceNanos;
    }

    /** Writes the request head and, when given, the whole body in one write. */
    void write(byte[] head, byte[] body) throws IOException {
        if (body.length > 0 && body.length <= 16 * 1024) {
            byte[] both = new byte[head.length + body.length];
            System.arraycopy(head, 0, both, 0, head.length);
            System.arraycopy(body, 0, both, head.length, body.length);
            out.write(both);
        } else {
            out.write(head);
            if (body.length > 0) {
                out.write(body);
            }
        }
        out.flush();
    }

    /** A response's status line and headers. */
    record Head(int status, boolean keepAlive, Map<String, List<String>> headers) {
    }

    /** Reads the response head, skipping interim 1xx answers; waits until {@code deadlineNanos} at most. */
    Head readHead(long deadlineNanos) throws IOException {
        while (true) {
            String statusLine = line(deadlineNanos);
            if (!statusLine.startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP/1.x response from " + target + ": " + statusLine);
            }
            int sp = statusLine.indexOf(' ');
            int status;
            try {
                status = Integer.parseInt(statusLine.substring(sp + 1, Math.min(statusLine.length(), sp + 4)));
            } catch (NumberFormatException | IndexOutOfBoundsException e) {
                throw new IOException("bad status line from " + target + ": " + statusLine);
            }
            boolean http10 = statusLine.startsWith("HTTP/1.0");
            Map<String, List<String>> headers = new LinkedHashMap<>();
            int bytes = statusLine.length();
            for (String h; !(h = line(deadlineNanos)).isEmpty(); ) {
                bytes += h.length();
                if (bytes > MAX_HEAD_BYTES) {
                    throw new IOException("response head from " + target + " exceeds " + MAX_HEAD_BYTES + " bytes");
                }
                int colon = h.indexOf(':');
                if (colon <= 0) {
                    throw new IOException("bad header line from " + target);
                }
                headers.computeIfAbsent(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>(1))
                        .add(h.substring(colon + 1).trim());
            }
            if (status >= 100 && status < 200) {
                continue;
            }
            String connection = first(headers, "connection");
            boolean keepAlive = http10 ? "keep-alive".equalsIgnoreCase(connection) : !"close".equalsIgnoreCase(connection);
            return new Head(status, keepAlive, headers);
        }
    }

    static String first(Map<String, List<String>> headers, String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private String line(long deadlineNanos) throws IOException {
        StringBuilder sb = new StringBuilder(64);
        while (true) {
            int c = read(deadlineNanos);
            if (c < 0) {
                throw new IOException(sb.length() == 0 ? "instance " + target + " closed the connection" : "truncated response head");
            }
            if (c == '\n') {
                int n = sb.length();
                return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
            }
            if (sb.length() > MAX_HEAD_BYTES) {
                throw new IOException("response head line from " + target + " exceeds " + MAX_HEAD_BYTES + " bytes");
            }
            sb.append((char) c);
        }
    }

    private int read(long deadlineNanos) throws IOException {
        timeout(deadlineNanos);
        try {
            return in.read();
        } catch (SocketTimeoutException e) {
            throw timedOut();
        }
    }

    /** Reads up to {@code len} bytes of the body, waiting until {@code deadlineNanos} (0: no deadline). */
    int read(byte[] buf, int off, int len, long deadlineNanos) throws IOException {
        timeout(deadlineNanos);
        try {
            return in.read(buf, off, len);
        } catch (SocketTimeoutException e) {
            throw timedOut();
        }
    }

    private HttpTimeoutException timedOut() {
        return new HttpTimeoutException("instance " + target + " did not answer in time");
    }

    private void timeout(long deadlineNanos) throws IOException {
        if (deadlineNanos == 0) {
            channel.socket().setSoTimeout(0);
            return;
        }
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            throw timedOut();
        }
        channel.socket().setSoTimeout((int) Math.max(1, left / 1_000_000));
    }

    /** Reads a chunk-size line of a chunked body. */
    long chunkSize(long deadlineNanos) throws IOException {
        String l = line(deadlineNanos);
        int semi = l.indexOf(';');
        try {
            return Long.parseLong((semi >= 0 ? l.substring(0, semi) : l).trim(), 16);
        } catch (NumberFormatException e) {
            throw new IOException("bad chunk size from " + target + ": " + l);
        }
    }

    /** Reads the CRLF after a chunk, or the (ignored) trailers and the empty line after the last chunk. */
    void chunkEnd(long deadlineNanos, boolean last) throws IOException {
        if (last) {
            while (!line(deadlineNanos).isEmpty()) {
                // trailers are not forwarded
            }
        } else if (!line(deadlineNanos).isEmpty()) {
            throw new IOException("malformed chunked body from " + target);
        }
    }

    static byte[] ascii(StringBuilder head) {
        return head.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing left to do with it
        }
    }
}
