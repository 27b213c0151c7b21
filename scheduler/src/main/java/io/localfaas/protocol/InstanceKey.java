package io.localfaas.protocol;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The per-instance key (PROTOCOL.md §1a): a random secret the platform gives each instance out of band at start and
 * sends on every call, so that only the platform can call an instance. The built-in runtimes refuse a call without it
 * (403) and remove the header before user code sees the request.
 */
public final class InstanceKey {
    /** The header the platform sends the key in on every call, control paths included. */
    public static final String HEADER = "x-localfaas-instance-key";
    /**
     * The variable the backend hands the key in to the runtime's launcher, which removes it from the environment before
     * the runtime starts and passes the key on a pipe (PROTOCOL.md §1a).
     */
    public static final String ENV = "LOCALFAAS_INSTANCE_KEY";

    private static final SecureRandom RANDOM = new SecureRandom();

    private InstanceKey() {
    }

    /** A fresh key: 32 random bytes as 64 lower-case hex digits. */
    public static String generate() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
