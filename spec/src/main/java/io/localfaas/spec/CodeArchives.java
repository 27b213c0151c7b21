package io.localfaas.spec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Zip code packages ({@code CodeUri: code.zip}, as FC takes them) extracted into a folder that instances mount. The
 * folder is named by the zip's content digest, so it is reused while the zip is unchanged and a changed zip gets a
 * new one. Extraction is bounded (entries, bytes) and refuses entries that would land outside the folder.
 */
final class CodeArchives {
    static final int MAX_ENTRIES = 100_000;
    static final long MAX_BYTES = 1L << 30;

    private CodeArchives() {
    }

    /** The folder holding {@code zip}'s files under {@code base}, extracting it the first time this content is seen. */
    static Path extract(Path zip, Path base) throws IOException {
        String stem = zip.getFileName().toString().replaceAll("(?i)\\.zip$", "").replaceAll("[^A-Za-z0-9._-]", "_");
        Path target = base.resolve(stem + "-" + digest(zip));
        if (Files.isDirectory(target)) {
            return target;
        }
        Files.createDirectories(base);
        Path work = Files.createTempDirectory(base, ".extract-");
        try {
            unzip(zip, work);
            try {
                Files.move(work, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                if (!Files.isDirectory(target)) {
                    throw e;
                }
                // another loader extracted the same content first: use its folder
            }
        } finally {
            deleteTree(work);
        }
        return target;
    }

    private static void unzip(Path zip, Path into) throws IOException {
        int entries = 0;
        long bytes = 0;
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (++entries > MAX_ENTRIES) {
                    throw new IOException("more than " + MAX_ENTRIES + " entries");
                }
                Path out = into.resolve(e.getName()).normalize();
                if (!out.startsWith(into)) {
                    throw new IOException("entry " + e.getName() + " points outside the folder");
                }
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                bytes += Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                if (bytes > MAX_BYTES) {
                    throw new IOException("more than " + MAX_BYTES + " bytes once extracted");
                }
            }
        }
        if (entries == 0) {
            throw new IOException("not a zip file, or an empty one");
        }
    }

    private static String digest(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            MessageDigest md = ((DigestInputStream) in).getMessageDigest();
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
