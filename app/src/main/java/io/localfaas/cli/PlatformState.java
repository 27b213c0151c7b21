package io.localfaas.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Where a running {@code faas up} can be found: {@code <state dir>/platform.json} holds its URL, process id and admin
 * token (when it has one), mode 0600, written once it listens and removed when it stops. {@code faas invoke} reads it.
 */
final class PlatformState {
    static final String FILE = "platform.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A platform that wrote the file and whose process is alive. */
    record Running(String url, long pid, Optional<String> adminToken) {
    }

    private PlatformState() {
    }

    /** {@code $LOCALFAAS_STATE_DIR}, else {@code ~/.localfaas}. */
    static Path defaultDir() {
        String dir = System.getenv("LOCALFAAS_STATE_DIR");
        return dir != null && !dir.isBlank() ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".localfaas");
    }

    /** Writes the file (0600, replaced atomically); returns it, for {@link #remove}. */
    static Path write(Path dir, String url, Optional<String> adminToken) throws IOException {
        io.localfaas.backend.OwnerOnly.createDirectories(dir);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("url", url);
        m.put("pid", ProcessHandle.current().pid());
        adminToken.ifPresent(t -> m.put("adminToken", t));
        Path tmp = Files.createTempFile(dir, ".platform-", ".json", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, JSON.writeValueAsString(m), StandardCharsets.UTF_8);
        Path file = dir.resolve(FILE);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    /** Removes the file if it is still this process's. */
    static void remove(Path file) {
        try {
            JsonNode j = JSON.readTree(file.toFile());
            if (j != null && j.path("pid").asLong() == ProcessHandle.current().pid()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // gone or unreadable: nothing to remove
        }
    }

    /** The platform the file names, when the file exists and its process is alive. */
    static Optional<Running> read(Path dir) {
        try {
            JsonNode j = JSON.readTree(dir.resolve(FILE).toFile());
            long pid = j.path("pid").asLong();
            if (!j.hasNonNull("url") || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) == Boolean.FALSE) {
                return Optional.empty();
            }
            return Optional.of(new Running(j.get("url").asText(), pid,
                    j.hasNonNull("adminToken") ? Optional.of(j.get("adminToken").asText()) : Optional.empty()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
