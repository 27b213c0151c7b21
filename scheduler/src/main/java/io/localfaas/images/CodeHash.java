package io.localfaas.images;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * SHA-256 of a function's code: every regular file's path relative to the code root (with '/' separators) and its
 * bytes, in path order, so that the same code hashes the same wherever it lies; a single file (a jar) hashes by name
 * and bytes.
 */
public final class CodeHash {
    private CodeHash() {
    }

    public static String of(Path code) {
        MessageDigest sha = sha256();
        try {
            if (Files.isRegularFile(code)) {
                add(sha, code.getFileName().toString(), code);
            } else {
                List<Path> files;
                try (Stream<Path> walk = Files.walk(code)) {
                    files = walk.filter(Files::isRegularFile).sorted().toList();
                }
                for (Path f : files) {
                    add(sha, code.relativize(f).toString().replace('\\', '/'), f);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the code at " + code + ": " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /**
     * A code hash with the fingerprint of the files it was computed from (every file's relative path, size and
     * modification time), so that a caller asking at every start reads the code's bytes again only after a change.
     */
    public record Memo(String fingerprint, String hash) {
        /** {@code previous} if the code's fingerprint is still the same, else a fresh hash. */
        public static Memo of(Path code, Memo previous) {
            String fingerprint = CodeHash.fingerprint(code);
            if (previous != null && previous.fingerprint.equals(fingerprint)) {
                return previous;
            }
            return new Memo(fingerprint, CodeHash.of(code));
        }
    }

    /** SHA-256 hex of every regular file's relative path, size and modification time (ns): cheap, no file is read. */
    static String fingerprint(Path code) {
        MessageDigest sha = sha256();
        try {
            List<Path> files;
            if (Files.isRegularFile(code)) {
                files = List.of(code);
            } else {
                try (Stream<Path> walk = Files.walk(code)) {
                    files = walk.filter(Files::isRegularFile).sorted().toList();
                }
            }
            for (Path f : files) {
                var a = Files.readAttributes(f, java.nio.file.attribute.BasicFileAttributes.class);
                sha.update((code.relativize(f) + "\0" + a.size() + "\0" + a.lastModifiedTime().to(TimeUnit.NANOSECONDS) + "\0")
                        .getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the code at " + code + ": " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** SHA-256 hex of the parts joined with '\n'. */
    public static String ofText(String... parts) {
        return HexFormat.of().formatHex(sha256().digest(String.join("\n", parts).getBytes(StandardCharsets.UTF_8)));
    }

    private static void add(MessageDigest sha, String name, Path file) throws IOException {
        sha.update(name.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(Long.toString(Files.size(file)).getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                sha.update(buf, 0, n);
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
