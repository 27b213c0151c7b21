package io.localfaas.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP proxy in front of the Docker engine's unix socket that a test can make deaf: in {@link #blackhole()}
 * mode requests still reach the engine (so it may create a container) but no answer comes back, as when an engine
 * hangs. {@link #restore()} drops every connection (their framing is lost) and forwards again.
 */
public final class EngineProxy implements AutoCloseable {
    private final ServerSocketChannel server;
    private final Path socket;
    private final List<SocketChannel> open = new CopyOnWriteArrayList<>();
    private volatile boolean blackhole;
    private final Thread acceptor;

    public EngineProxy(Path engineSocket) throws IOException {
        this.socket = engineSocket;
        this.server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        acceptor = new Thread(this::accept, "engine-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** {@code tcp://127.0.0.1:PORT} for docker-java. */
    public String dockerHost() throws IOException {
        return "tcp://127.0.0.1:" + ((InetSocketAddress) server.getLocalAddress()).getPort();
    }

    public void blackhole() {
        blackhole = true;
    }

    public void restore() {
        open.forEach(EngineProxy::closeQuietly);
        open.clear();
        blackhole = false;
    }

    private void accept() {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                SocketChannel engine = SocketChannel.open(StandardProtocolFamily.UNIX);
                engine.connect(UnixDomainSocketAddress.of(socket));
                open.add(client);
                open.add(engine);
                pipe(client, engine, false);
                pipe(engine, client, true);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pipe(SocketChannel from, SocketChannel to, boolean answers) {
        Thread t = new Thread(() -> {
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            try {
                while (from.read(buf) >= 0) {
                    buf.flip();
                    if (!(answers && blackhole)) {
                        while (buf.hasRemaining()) {
                            to.write(buf);
                        }
                    }
                    buf.clear();
                }
            } catch (IOException e) {
                // connection closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "engine-proxy-pipe");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(SocketChannel c) {
        try {
            c.close();
        } catch (IOException e) {
            // closing
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        restore();
    }
}
