package io.localfaas.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * An instance's response body as it arrives: {@code Content-Length}, chunked, or until the instance closes. Once the
 * body was read to its end on a keep-alive connection, closing the stream gives the connection back for the next call;
 * closing it earlier (or after a failure) closes the connection, from any thread (that is how a timeout stops a read).
 */
final class ResponseBody extends InputStream {
    private static final long UNTIL_CLOSE = -1;

    private final Http1Connection connection;
    private final Consumer<Http1Connection> giveBack;
    private final boolean chunked;
    private final boolean keepAlive;
    private final long deadlineNanos;
    /** Bytes left in the body (Content-Length) or in the current chunk; {@link #UNTIL_CLOSE} when neither is known. */
    private long left;
    private boolean ended;
    private boolean failed;
    private boolean closed;

    /**
     * @param deadlineNanos {@link System#nanoTime()} by which the body must have arrived; 0 for none (the caller bounds it)
     */
    ResponseBody(Http1Connection connection, Http1Connection.Head head, boolean headRequest, long deadlineNanos,
            Consumer<Http1Connection> giveBack) {
        this.connection = connection;
        this.giveBack = giveBack;
        this.deadlineNanos = deadlineNanos;
        ResponseHead h = head.head();
        boolean body = h.hasBody(headRequest);
        this.chunked = body && h.framing() == ResponseHead.Framing.CHUNKED;
        long length = !body ? 0 : h.framing() == ResponseHead.Framing.LENGTH ? h.length() : UNTIL_CLOSE;
        this.keepAlive = h.reusable(headRequest);
        this.left = chunked ? 0 : length;
        this.ended = !chunked && length == 0;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        if (ended) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        try {
            if (chunked && left == 0) {
                left = connection.chunkSize(deadlineNanos);
                if (left == 0) {
                    connection.chunkEnd(deadlineNanos, true);
                    ended = true;
                    return -1;
                }
            }
            int want = left == UNTIL_CLOSE ? len : (int) Math.min(len, left);
            int n = connection.read(buf, off, want, deadlineNanos);
            if (n < 0) {
                if (left == UNTIL_CLOSE) {
                    ended = true;
                    return -1;
                }
                throw new IOException("instance " + connection.target() + " closed the connection before the end of the body");
            }
            if (left != UNTIL_CLOSE) {
                left -= n;
                if (left == 0) {
                    if (chunked) {
                        connection.chunkEnd(deadlineNanos, false);
                    } else {
                        ended = true;
                    }
                }
            }
            return n;
        } catch (IOException e) {
            failed = true;
            throw e;
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (ended && keepAlive && !failed) {
            giveBack.accept(connection);
        } else {
            connection.close();
        }
    }
}
