package io.localfaas.gateway.upstream;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.undertow.client.ClientCallback;
import io.undertow.client.ClientConnection;
import io.undertow.client.UndertowClient;
import io.undertow.connector.ByteBufferPool;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.XnioIoThread;

/**
 * HTTP/2 cleartext connections to instances (prior knowledge: what a gRPC server expects on its plain port), one per I/O
 * thread and instance address, shared by every call of that thread to that instance: each call is a stream on it, as FC
 * keeps one HTTP/2 connection per instance whose concurrent streams are the instance's concurrency. A connection belongs
 * to the I/O thread that opened it and is only used there, so nothing here is shared between threads; while one is being
 * opened, the calls that ask for it wait for that one. A closed connection (the instance went away) is replaced on the
 * next call.
 */
public final class H2cConnections {
    private static final OptionMap OPTIONS = OptionMap.create(Options.TCP_NODELAY, true);
    /** Above this many instance addresses on one thread, opening a connection forgets the closed ones. */
    private static final int SWEEP_ABOVE = 16;

    private record Address(String host, int port) {
    }

    /** A connection, or the calls waiting while it is opened. */
    private static final class Entry {
        ClientConnection connection;
        List<ClientCallback<ClientConnection>> waiting = new ArrayList<>();
    }

    private final ThreadLocal<Map<Address, Entry>> byThread = ThreadLocal.withInitial(HashMap::new);

    /**
     * Hands {@code callback} the connection to {@code host:port} of {@code thread}, which must be the calling thread:
     * the open one, or one opened now. The callback runs on {@code thread}; the connection stays open for other calls.
     */
    public void take(XnioIoThread thread, ByteBufferPool buffers, String host, int port, ClientCallback<ClientConnection> callback) {
        Map<Address, Entry> entries = byThread.get();
        Address address = new Address(host, port);
        Entry e = entries.get(address);
        if (e != null && e.connection != null && e.connection.isOpen()) {
            callback.completed(e.connection);
            return;
        }
        if (e != null && e.connection == null) {
            e.waiting.add(callback);
            return;
        }
        if (entries.size() > SWEEP_ABOVE) {
            entries.values().removeIf(other -> other.connection != null && !other.connection.isOpen());
        }
        Entry opening = new Entry();
        opening.waiting.add(callback);
        entries.put(address, opening);
        UndertowClient.getInstance().connect(new ClientCallback<>() {
            @Override
            public void completed(ClientConnection connection) {
                opening.connection = connection;
                List<ClientCallback<ClientConnection>> callbacks = opening.waiting;
                opening.waiting = List.of();
                callbacks.forEach(c -> c.completed(connection));
            }

            @Override
            public void failed(IOException e) {
                entries.remove(address, opening);
                List<ClientCallback<ClientConnection>> callbacks = opening.waiting;
                opening.waiting = List.of();
                callbacks.forEach(c -> c.failed(e));
            }
        }, URI.create("h2c-prior://" + host + ":" + port), thread, buffers, OPTIONS);
    }
}
