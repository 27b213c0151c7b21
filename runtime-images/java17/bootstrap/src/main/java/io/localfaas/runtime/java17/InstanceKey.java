package io.localfaas.runtime.java17;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The instance key (PROTOCOL.md §1a): the launcher passes it on a pipe, named by {@code LOCALFAAS_INSTANCE_KEY_FD},
 * which is read to its end here before any user code loads (the pipe then gives nothing to anyone who opens it again);
 * every call must carry it in {@value #HEADER}.
 */
final class InstanceKey {
    static final String HEADER = "x-localfaas-instance-key";
    static final String FD_VARIABLE = "LOCALFAAS_INSTANCE_KEY_FD";

    private InstanceKey() {
    }

    /** The key on the descriptor {@code env} names; empty when it names none or it cannot be read. */
    static Optional<String> read(Map<String, String> env) {
        String fd = env.getOrDefault(FD_VARIABLE, "");
        if (!fd.matches("[0-9]{1,4}") || Integer.parseInt(fd) < 3) {
            return Optional.empty();
        }
        try {
            String key = new String(Files.readAllBytes(Path.of("/proc/self/fd/" + fd)), StandardCharsets.UTF_8).strip();
            return key.isEmpty() ? Optional.empty() : Optional.of(key);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether {@code headers} (lower-case names) carry exactly {@code key}, compared in constant time; the header is
     * removed either way, so that user code never sees it.
     */
    static boolean admits(String key, Map<String, List<String>> headers) {
        List<String> given = headers.remove(HEADER);
        if (given == null || given.size() != 1) {
            return false;
        }
        return MessageDigest.isEqual(given.get(0).getBytes(StandardCharsets.UTF_8), key.getBytes(StandardCharsets.UTF_8));
    }
}
