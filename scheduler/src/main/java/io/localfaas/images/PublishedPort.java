package io.localfaas.images;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * Whether a port published by the engine really reaches a listening process. The engine's proxy accepts on the host
 * port as soon as the container starts and closes the connection at once when nothing listens inside; a process that
 * listens keeps the connection open, waiting for a request. So: connect, read briefly; end of stream = not yet.
 */
final class PublishedPort {
    private PublishedPort() {
    }

    static boolean serving(String host, int port) {
        try (Socket s = new Socket()) {
            try {
                s.connect(new InetSocketAddress(host, port), 200);
            } catch (IOException e) {
                return false;
            }
            s.setSoTimeout(100);
            InputStream in = s.getInputStream();
            try {
                return in.read() != -1;
            } catch (SocketTimeoutException e) {
                return true;
            }
        } catch (IOException e) {
            return false;
        }
    }
}
