package io.localfaas.gateway.upstream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import io.localfaas.protocol.ResponseHead;
import io.undertow.conduits.AbstractFixedLengthStreamSinkConduit;
import io.undertow.conduits.ChunkedStreamSourceConduit;
import io.undertow.conduits.FixedLengthStreamSourceConduit;
import io.undertow.connector.ByteBufferPool;
import io.undertow.connector.PooledByteBuffer;
import io.undertow.util.AbstractAttachable;
import io.undertow.util.HeaderMap;
import io.undertow.util.HttpString;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.channels.StreamSourceChannel;
import org.xnio.conduits.ConduitStreamSinkChannel;
import org.xnio.conduits.ConduitStreamSourceChannel;

/**
 * One HTTP/1.1 request and its answer on an {@link UpstreamConnection}, without blocking, on the connection's I/O thread:
 * the head goes out as bytes ({@link HeadBytes}) with the body in hand in the same write, or followed by a body passed
 * through ({@link #requestBody}); the answer's head is parsed as it arrives ({@link ResponseHead}); a body that came
 * whole with the head is handed over in hand ({@link #bodyInHand}), any other is read from {@link #body()}, framed by
 * its length or chunks (Undertow's conduits) so that it ends where the answer ends and the connection can carry the next
 * call. Interim {@code 100 Continue} answers are skipped; every other interim status is handed on as the answer.
 * Exactly one of the listener's methods is called, once, unless the caller {@link #abandon}s the exchange first; never
 * from within {@link #send} (a failure to write is reported from the I/O thread's next turn). Once answered, the caller
 * reads the body, gives the connection back ({@link UpstreamConnections#giveBack}) or closes it before it returns.
 */
public final class Http1Exchange {
    /** What became of the request. */
    public interface Listener {
        /** The answer's head arrived: {@code headers} as sent, the body from {@link #bodyInHand} or {@link #body()}. */
        void answered(ResponseHead head, HeaderMap headers);

        /** Writing the request or reading the answer's head failed, or the instance closed the connection first. */
        void failed(IOException e);
    }

    private static final int MAX_NAMES = 512;
    private static final ConcurrentHashMap<String, HttpString> NAMES = new ConcurrentHashMap<>();
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[16 * 1024]);

    private final UpstreamConnection connection;
    private final ByteBufferPool buffers;
    private final boolean headRequest;
    private final Listener listener;
    private final Consumer<Http1Exchange> headSent;
    /** What is left to write of the request (head, and the body when in hand). */
    private ByteBuffer[] out;
    private boolean headCopied;
    /** The bytes of a head that arrived in more than one read, so far. */
    private byte[] partial;
    private int partialLength;
    private HeaderMap headers = new HeaderMap();
    private ResponseHead head;
    private byte[] bodyInHand;
    private boolean bodyEnded;
    /** Bytes arrived past the end of the answer (an instance that broke HTTP): the connection is not reused. */
    private boolean overrun;
    private boolean over;

    private Http1Exchange(UpstreamConnection connection, ByteBufferPool buffers, boolean headRequest, Listener listener,
            Consumer<Http1Exchange> headSent) {
        this.connection = connection;
        this.buffers = buffers;
        this.headRequest = headRequest;
        this.listener = listener;
        this.headSent = headSent;
    }

    /**
     * Sends {@code head} and, when not null, the whole {@code body}, then reads the answer's head. With a null body
     * (passed through by the caller through {@link #requestBody}), {@code headSent} runs once the head is written.
     */
    public static Http1Exchange send(UpstreamConnection connection, ByteBufferPool buffers, ByteBuffer head, ByteBuffer body,
            boolean headRequest, Listener listener, Consumer<Http1Exchange> headSent) {
        Http1Exchange x = new Http1Exchange(connection, buffers, headRequest, listener, headSent);
        connection.reset();
        x.out = body == null || !body.hasRemaining() ? new ByteBuffer[] {head} : new ByteBuffer[] {head, body};
        ConduitStreamSourceChannel source = connection.source();
        source.getReadSetter().set(c -> x.readHead());
        x.write();
        if (!x.over) {
            // The answer is read when it arrives (reading at once would almost always find nothing yet): the listener is
            // never called from within this method.
            source.resumeReads();
        }
        return x;
    }

    /** A header name as {@link HttpString}: the same names come on every call, so they are made once (up to a bound). */
    public static HttpString name(String name) {
        HttpString known = NAMES.get(name);
        if (known != null) {
            return known;
        }
        HttpString made = HttpString.tryFromString(name);
        if (NAMES.size() < MAX_NAMES) {
            NAMES.putIfAbsent(name, made);
        }
        return made;
    }

    private void write() {
        ConduitStreamSinkChannel sink = connection.sink();
        try {
            while (remaining()) {
                if (sink.write(out, 0, out.length) == 0) {
                    if (!headCopied) {
                        // The head lives in this thread's HeadBytes buffer, which the next call reuses.
                        out[0] = copy(out[0]);
                        headCopied = true;
                    }
                    sink.getWriteSetter().set(c -> write());
                    sink.resumeWrites();
                    return;
                }
            }
            sink.suspendWrites();
            sink.getWriteSetter().set(null);
            if (out.length == 1 && headSent != null) {
                headSent.accept(this);
            }
        } catch (IOException e) {
            over = true;
            connection.sink().getIoThread().execute(() -> listener.failed(e));
        }
    }

    private static ByteBuffer copy(ByteBuffer b) {
        byte[] c = new byte[b.remaining()];
        b.get(c);
        return ByteBuffer.wrap(c);
    }

    private boolean remaining() {
        for (ByteBuffer b : out) {
            if (b.hasRemaining()) {
                return true;
            }
        }
        return false;
    }

    /** Reads what arrived of the answer's head; on its end, frames the body and tells the listener. */
    private void readHead() {
        if (over || head != null) {
            return;
        }
        ConduitStreamSourceChannel source = connection.source();
        byte[] scratch = SCRATCH.get();
        int n;
        try {
            n = source.read(ByteBuffer.wrap(scratch));
        } catch (IOException e) {
            fail(e);
            return;
        }
        if (n == 0) {
            source.resumeReads();
            return;
        }
        if (n < 0) {
            fail(new IOException(partialLength == 0 ? "the instance closed the connection before answering"
                    : "the instance closed the connection in the middle of its answer's head"));
            return;
        }
        byte[] bytes = scratch;
        int len = n;
        if (partial != null) {
            append(scratch, n);
            bytes = partial;
            len = partialLength;
        }
        int off = 0;
        try {
            while (true) {
                ResponseHead h = ResponseHead.parse(bytes, off, len, (name, value) -> headers.add(name(name), value));
                if (h == null) {
                    if (len >= ResponseHead.MAX_BYTES) {
                        throw new IOException("the instance's answer head is larger than " + ResponseHead.MAX_BYTES + " bytes");
                    }
                    if (partial == null) {
                        partial = Arrays.copyOfRange(bytes, off, off + len);
                        partialLength = len;
                    } else if (off > 0) {
                        partial = Arrays.copyOfRange(partial, off, off + len);
                        partialLength = len;
                    }
                    source.resumeReads();
                    return;
                }
                off += h.size();
                len -= h.size();
                if (h.status() == 100) {
                    // parse hands headers on only for a whole head: those of the 100 go, the next head's are kept
                    headers = new HeaderMap();
                    continue;
                }
                head = h;
                break;
            }
        } catch (IOException e) {
            fail(e);
            return;
        }
        // Reads stay on: a body in hand needs no more, and the connection goes back idle with its reads on; a body still
        // to come is read by the listener the caller sets before this thread returns to its selector. An upgraded
        // connection waits, reads off, until the relay takes it over.
        source.getReadSetter().set(null);
        if (head.status() == 101) {
            source.suspendReads();
        }
        frameBody(bytes, off, len);
        if (!over) {
            listener.answered(head, headers);
        }
    }

    private void append(byte[] more, int n) {
        if (partialLength + n > partial.length) {
            partial = Arrays.copyOf(partial, Math.max(partial.length * 2, partialLength + n));
        }
        System.arraycopy(more, 0, partial, partialLength, n);
        partialLength += n;
    }

    /** Sets the source up for the body, of which {@code bytes[off, off + len)} arrived with the head. */
    private void frameBody(byte[] bytes, int off, int len) {
        if (head.status() == 101) {
            unread(bytes, off, len);
            return;
        }
        if (!head.hasBody(headRequest)) {
            bodyInHand = new byte[0];
            bodyEnded = true;
            overrun = len > 0;
            return;
        }
        if (head.framing() == ResponseHead.Framing.LENGTH && len >= head.length()) {
            bodyInHand = Arrays.copyOfRange(bytes, off, off + (int) head.length());
            bodyEnded = true;
            overrun = len > head.length();
            return;
        }
        unread(bytes, off, len);
        ConduitStreamSourceChannel source = connection.source();
        switch (head.framing()) {
            case LENGTH -> source.setConduit(new FixedLengthStreamSourceConduit(connection.plainSource(), head.length(), c -> bodyEnded = true));
            case CHUNKED -> source.setConduit(new ChunkedStreamSourceConduit(connection.plainSource(),
                    connection.plainSource(), buffers, c -> bodyEnded = true,
                    new AbstractAttachable() {
                    }, connection.stream()));
            case UNTIL_CLOSE -> {
                // read to the end of the connection, which then is not reused
            }
        }
    }

    private void unread(byte[] bytes, int off, int len) {
        if (len <= 0) {
            return;
        }
        int left = len;
        while (left > 0) {
            // Pushed back in pooled buffers, the last first: each push goes in front of the ones before.
            PooledByteBuffer pooled = buffers.allocate();
            ByteBuffer b = pooled.getBuffer();
            int n = Math.min(left, b.remaining());
            b.put(bytes, off + left - n, n).flip();
            connection.unread(pooled);
            left -= n;
        }
    }

    /** The body when it arrived whole with the head (or there is none); null when it is read from {@link #body()}. */
    public byte[] bodyInHand() {
        return bodyInHand;
    }

    /** The answer's body as it arrives, ending where the answer ends. */
    public StreamSourceChannel body() {
        return connection.source();
    }

    /**
     * The request body's channel when it is passed through: it takes {@code length} bytes and ends the request without
     * closing the connection.
     */
    public StreamSinkChannel requestBody(long length) {
        ConduitStreamSinkChannel sink = connection.sink();
        sink.setConduit(new AbstractFixedLengthStreamSinkConduit(connection.plainSink(), length, false, false) {
        });
        return sink;
    }

    /** Whether the connection can carry the next call: the answer was read to its end, and nothing came past it. */
    public boolean reusable() {
        return head != null && bodyEnded && !overrun && head.reusable(headRequest) && connection.isOpen();
    }

    /** Stops listening (the caller ended the call some other way); the connection is the caller's to close. */
    public void abandon() {
        over = true;
    }

    private void fail(IOException e) {
        if (!over) {
            over = true;
            listener.failed(e);
        }
    }
}
