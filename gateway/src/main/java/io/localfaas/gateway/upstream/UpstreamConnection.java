package io.localfaas.gateway.upstream;

import java.io.IOException;
import java.nio.ByteBuffer;

import io.undertow.connector.PooledByteBuffer;
import io.undertow.util.PooledAdaptor;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.conduits.ConduitStreamSinkChannel;
import org.xnio.conduits.ConduitStreamSourceChannel;
import org.xnio.conduits.PushBackStreamSourceConduit;
import org.xnio.conduits.StreamSinkConduit;

/**
 * One keep-alive HTTP/1.1 connection to an instance, owned by the I/O thread that opened it. Its source reads first
 * what a call read past an answer's head ({@link #unread}), so that a body framed by a conduit ({@link Http1Exchange})
 * starts where the head ended; each call starts with both channels back on the plain socket ({@link #reset}).
 */
public final class UpstreamConnection {
    private final StreamConnection stream;
    private final PushBackStreamSourceConduit unread;
    private final StreamSinkConduit socketSink;
    /** While idle: anything that arrives (the instance closed it, or sent what nobody asked for) closes it. */
    private final ChannelListener<ConduitStreamSourceChannel> whileIdle = c -> {
        try {
            if (c.read(ByteBuffer.allocate(1)) == 0) {
                return;
            }
        } catch (IOException e) {
            // closed below
        }
        close();
    };

    UpstreamConnection(StreamConnection stream) {
        this.stream = stream;
        ConduitStreamSourceChannel source = stream.getSourceChannel();
        this.unread = new PushBackStreamSourceConduit(source.getConduit());
        source.setConduit(unread);
        this.socketSink = stream.getSinkChannel().getConduit();
    }

    /** The connection itself (an upgraded call hands it to the relay). */
    public StreamConnection stream() {
        return stream;
    }

    ConduitStreamSourceChannel source() {
        return stream.getSourceChannel();
    }

    ConduitStreamSinkChannel sink() {
        return stream.getSinkChannel();
    }

    /** The source as it reads between bodies: what was pushed back first, then the socket. */
    PushBackStreamSourceConduit plainSource() {
        return unread;
    }

    StreamSinkConduit plainSink() {
        return socketSink;
    }

    /** Puts bytes read past a head back in front of the source: they are the next read. */
    void unread(PooledByteBuffer bytes) {
        unread.pushBack(new PooledAdaptor(bytes));
    }

    /** Back on the plain socket both ways, for the next call. */
    void reset() {
        stream.getSourceChannel().setConduit(unread);
        stream.getSinkChannel().setConduit(socketSink);
    }

    public boolean isOpen() {
        return stream.isOpen();
    }

    /**
     * Kept for the next call: its reads stay on (turning them off and on again costs the selector a change per call),
     * and anything that arrives while it is idle (the instance closed it, or sent what nobody asked for) closes it, so
     * that a closed one is never taken.
     */
    void idle() {
        ConduitStreamSourceChannel source = stream.getSourceChannel();
        source.getReadSetter().set(whileIdle);
        source.resumeReads();
    }

    public void close() {
        IoUtils.safeClose(stream);
    }
}
