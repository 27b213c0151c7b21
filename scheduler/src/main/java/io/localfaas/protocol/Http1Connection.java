package io.localfaas.protocol;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
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

    /** A response's head, and its headers by lower-cased name. */
    record Head(ResponseHead head, Map<String, List<String>> headers) {
        int status() {
            return head.status();
        }
    }

    /** Reads the response head, skipping interim 1xx answers; waits until {@code deadlineNanos} at most. */
    Head readHead(long deadlineNanos) throws IOException {
        while (true) {
            byte[] bytes = headBytes(deadlineNanos);
            Map<String, List<String>> headers = new LinkedHashMap<>();
            ResponseHead head = ResponseHead.parse(bytes, 0, bytes.length,
                    (name, value) -> headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>(1)).add(value));
            if (head.status() >= 200) {
                return new Head(head, headers);
            }
        }
    }

    /** The bytes of one response head, up to and including the blank line that ends it. */
    private byte[] headBytes(long deadlineNanos) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        int last = -1;
        int beforeLast = -1;
        while (true) {
            int c = read(deadlineNanos);
            if (c < 0) {
                throw new IOException(bytes.size() == 0 ? "instance " + target + " closed the connection" : "truncated response head");
            }
            bytes.write(c);
            if (c == '\n' && (last == '\n' || (last == '\r' && beforeLast == '\n'))) {
                return bytes.toByteArray();
            }
            if (bytes.size() > ResponseHead.MAX_BYTES) {
                throw new IOException("response head from " + target + " exceeds " + ResponseHead.MAX_BYTES + " bytes");
            }
            beforeLast = last;
            last = c;
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
            if (sb.length() > ResponseHead.MAX_BYTES) {
                throw new IOException("response head line from " + target + " exceeds " + ResponseHead.MAX_BYTES + " bytes");
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
