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
