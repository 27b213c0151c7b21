package io.localfaas.lifecycle;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Loopback ports for instances: free ones, never handed out twice while in use. Ports are drawn at random from
 * {@value #LOW}-{@value #HIGH}, below Linux's ephemeral range (32768-60999): a port the kernel handed out for
 * {@code bind(0)} to another process, or for an outgoing connection, is taken back quickly and would race with an
 * instance starting on it; a random draw from a wide range makes two platforms on one host unlikely to collide.
 */
public final class Ports {
    static final int LOW = 20000;
    static final int HIGH = 32000;
    private static final int ATTEMPTS = 100;
    private final Set<Integer> inUse = ConcurrentHashMap.newKeySet();

    public int acquire() {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOW, HIGH);
            if (inUse.add(port)) {
                if (free(port)) {
                    return port;
                }
                inUse.remove(port);
            }
        }
        throw new IllegalStateException("no free loopback port in " + LOW + "-" + HIGH + " after " + ATTEMPTS + " attempts");
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public void release(int port) {
        inUse.remove(port);
    }
}
