package io.localfaas.gateway.upstream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import io.undertow.connector.ByteBufferPool;
import io.undertow.connector.PooledByteBuffer;
import org.xnio.ChannelListeners;
import org.xnio.XnioIoThread;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.channels.StreamSourceChannel;

/**
 * Copies a body from an instance's answer ({@code source}) to a client ({@code sink}) as it arrives, on the I/O thread
 * that owns both, without blocking: it reads only once what it read before was written, so a slow client slows the
 * instance down instead of filling memory. A client that takes nothing for {@code writeTimeout} is given up on (a
 * non-blocking write has no timeout of its own). Exactly one of the {@link Listener}'s methods is called, once.
 */
public final class PassThrough {
    /** What became of the copy. */
    public interface Listener {
        /** The whole body was written and the client's response ended. */
        void ended();

        /** Reading the instance's body failed: the instance failed mid-body. */
        void sourceFailed(IOException e);

        /** Writing to the client failed or made no progress for the write timeout: the client went away or stalled. */
        void sinkFailed(IOException e);
    }

    private final StreamSourceChannel source;
    private final StreamSinkChannel sink;
    private final PooledByteBuffer pooled;
    private final ByteBuffer buffer;
    private final XnioIoThread thread;
    private final long writeTimeoutNanos;
    private final Listener listener;
    /** Whether what was written is flushed whenever the source has nothing more for now (a stream of messages). */
    private final boolean flushWhenIdle;
    private long lastProgressNanos = System.nanoTime();
    private boolean waitingOnSink;
    private boolean over;

    private PassThrough(StreamSourceChannel source, StreamSinkChannel sink, ByteBufferPool buffers, XnioIoThread thread,
            long writeTimeoutNanos, Listener listener, boolean flushWhenIdle) {
        this.flushWhenIdle = flushWhenIdle;
        this.source = source;
        this.sink = sink;
        this.pooled = buffers.allocate();
        this.buffer = pooled.getBuffer();
        this.thread = thread;
        this.writeTimeoutNanos = writeTimeoutNanos;
        this.listener = listener;
        buffer.clear().flip();
    }

    /** Starts the copy; call on {@code thread}, which owns both channels. */
    public static PassThrough start(StreamSourceChannel source, StreamSinkChannel sink, ByteBufferPool buffers, XnioIoThread thread,
            long writeTimeoutMillis, Listener listener) {
        return start(source, sink, buffers, thread, writeTimeoutMillis, listener, false);
    }

    /**
     * Starts a copy that flushes the sink whenever the source has nothing more for now, so that each message of a stream
     * (gRPC's, over HTTP/2, whose channels keep what is written until a frame is full or flushed) goes on as it arrives.
     */
    public static PassThrough startFlushing(StreamSourceChannel source, StreamSinkChannel sink, ByteBufferPool buffers, XnioIoThread thread,
            long writeTimeoutMillis, Listener listener) {
        return start(source, sink, buffers, thread, writeTimeoutMillis, listener, true);
    }

    /** Starts a copy that flushes as {@link #startFlushing} does when {@code flushWhenIdle}, else as {@link #start}. */
    public static PassThrough start(StreamSourceChannel source, StreamSinkChannel sink, ByteBufferPool buffers, XnioIoThread thread,
            long writeTimeoutMillis, Listener listener, boolean flushWhenIdle) {
        PassThrough p = new PassThrough(source, sink, buffers, thread, TimeUnit.MILLISECONDS.toNanos(writeTimeoutMillis), listener,
                flushWhenIdle);
        source.getReadSetter().set(c -> p.pump());
        sink.getWriteSetter().set(c -> p.pump());
        p.pump();
        p.watch(Math.max(100, Math.min(1000, writeTimeoutMillis / 4)));
        return p;
    }

    /** Stops the copy without telling the listener (the caller ended the call some other way). */
    public void abandon() {
        end();
    }

    private void pump() {
        if (over) {
            return;
        }
        try {
            while (true) {
                if (buffer.hasRemaining()) {
                    if (sink.write(buffer) > 0) {
                        lastProgressNanos = System.nanoTime();
                    }
                    if (buffer.hasRemaining()) {
                        waitingOnSink = true;
                        source.suspendReads();
                        sink.resumeWrites();
                        return;
                    }
                }
                waitingOnSink = false;
                int n;
                try {
                    n = source.read(buffer.clear());
                } catch (IOException e) {
                    end();
                    listener.sourceFailed(e);
                    return;
                } finally {
                    buffer.flip();
                }
                if (n == -1) {
                    source.suspendReads();
                    finishSink();
                    return;
                }
                if (n == 0) {
                    if (flushWhenIdle && !sink.flush()) {
                        waitingOnSink = true;
                        source.suspendReads();
                        sink.resumeWrites();
                        return;
                    }
                    sink.suspendWrites();
                    source.resumeReads();
                    return;
                }
            }
        } catch (IOException e) {
            end();
            listener.sinkFailed(e);
        }
    }

    /** The body is all written: ends the client's response (its last bytes may still need flushing). */
    private void finishSink() throws IOException {
        sink.shutdownWrites();
        if (sink.flush()) {
            end();
            listener.ended();
            return;
        }
        waitingOnSink = true;
        sink.getWriteSetter().set(ChannelListeners.flushingChannelListener(c -> {
            if (!over) {
                end();
                listener.ended();
            }
        }, (c, e) -> {
            if (!over) {
                end();
                listener.sinkFailed(e);
            }
        }));
        sink.resumeWrites();
    }

    private void watch(long periodMillis) {
        thread.executeAfter(() -> {
            if (over) {
                return;
            }
            if (waitingOnSink && System.nanoTime() - lastProgressNanos >= writeTimeoutNanos) {
                end();
                listener.sinkFailed(new IOException("the client took nothing for " + TimeUnit.NANOSECONDS.toMillis(writeTimeoutNanos) + "ms"));
                return;
            }
            watch(periodMillis);
        }, periodMillis, TimeUnit.MILLISECONDS);
    }

    private void end() {
        if (over) {
            return;
        }
        over = true;
        source.suspendReads();
        source.getReadSetter().set(null);
        if (sink.isOpen()) {
            sink.getWriteSetter().set(null);
            sink.suspendWrites();
        }
        pooled.close();
    }
}
