package io.localfaas.spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The folder a function's layers are mounted from at {@code /opt}. One layer folder is mounted as it is (edits show at
 * once); otherwise the layers are merged into {@code <state dir>/layers/<function>-<digest>/} as FC merges them: the
 * first layer listed wins where two have the same file. The digest covers every layer file's path, size and modification
 * time, so an edit makes a new merge and an unchanged set reuses the last one.
 */
final class LayerFolders {
    /** Most files walked in the layers of one function. */
    static final int MAX_FILES = 200_000;

    private LayerFolders() {
    }

    static Path materialize(String function, List<Layers.Mapping> mappings, Path stateBase) throws IOException {
        if (mappings.size() == 1 && mappings.get(0) instanceof Layers.Folder f) {
            return f.path();
        }
        List<Source> sources = new ArrayList<>();
        for (Layers.Mapping m : mappings) {
            if (m instanceof Layers.Folder f) {
                sources.add(new Source(f.path(), Map.of()));
            } else if (m instanceof Layers.Zip z) {
                sources.add(new Source(CodeArchives.extract(z.path(), stateBase.resolve("layers").resolve("zip")), Map.of()));
            } else if (m instanceof Layers.RuntimeLayer r) {
                sources.add(new Source(null, r.links()));
            }
        }
        Path target = stateBase.resolve("layers").resolve(function + "-" + digest(sources));
        if (Files.isDirectory(target)) {
            return target;
        }
        Path tmp = Files.createDirectories(target.getParent()).resolve(target.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        deleteTree(tmp);
        Files.createDirectories(tmp);
        for (int i = sources.size() - 1; i >= 0; i--) { // the last first: the first listed overwrites it
            Source s = sources.get(i);
            if (s.folder() != null) {
                copy(s.folder(), tmp);
            }
            for (Map.Entry<String, String> link : new TreeMap<>(s.links()).entrySet()) {
                Path at = tmp.resolve(link.getKey());
                Files.createDirectories(at.getParent());
                Files.deleteIfExists(at);
                Files.createSymbolicLink(at, Path.of(link.getValue()));
            }
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
            deleteTree(tmp); // another platform merged the same layers meanwhile
        }
        return target;
    }

    private record Source(Path folder, Map<String, String> links) {
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(dest);
                } else {
                    Files.createDirectories(dest.getParent());
                    Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING, LinkOption.NOFOLLOW_LINKS);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static String digest(List<Source> sources) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        int[] files = {0};
        for (Source s : sources) {
            md.update(("source " + s.folder() + " " + new TreeMap<>(s.links()) + "\n").getBytes(StandardCharsets.UTF_8));
            if (s.folder() == null) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(s.folder())) {
                for (Path p : walk.sorted().toList()) {
                    if (++files[0] > MAX_FILES) {
                        throw new IOException("the layers have more than " + MAX_FILES + " files");
                    }
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    md.update((s.folder().relativize(p) + " " + a.size() + " " + a.lastModifiedTime().toMillis() + "\n")
                            .getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        return HexFormat.of().formatHex(md.digest()).substring(0, 16);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
