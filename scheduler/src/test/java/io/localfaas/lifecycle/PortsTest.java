package io.localfaas.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class PortsTest {
    @Test
    void portsInUseAreNeverHandedOutTwiceAndAreBindable() throws IOException {
        Ports ports = new Ports();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            int p = ports.acquire();
            assertTrue(p >= Ports.LOW && p < Ports.HIGH, "in range: " + p);
            assertTrue(seen.add(p), "not handed out twice: " + p);
        }
        int p = ports.acquire();
        try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
            assertEquals(p, s.getLocalPort(), "the port was free");
        }
    }
}
