package io.localfaas.stem;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A stem cell's own code folder on the host: created empty before the stem cell starts (bind-mounted read-only at
 * {@code /code}), filled with one function's code when it is specialised, deleted with the instance. Filling makes hard
 * links to the function's files where the file system allows it ({@code cp -al}), else copies; a symbolic link is made
 * again as the same link and never followed, so nothing outside the function's code folder is linked or copied in.
 */
final class CodeFolder {
    private CodeFolder() {
    }

    /** Creates {@code folder} empty, readable by the runtime's user (mode 0755), its parents as needed. */
    static void createEmpty(Path folder) throws IOException {
        Files.createDirectories(folder.getParent());
        Files.createDirectory(folder);
        setMode(folder, "rwxr-xr-x");
    }

    /**
     * Puts {@code code} into the empty {@code folder}: a code folder's content, or a single file (a java17 jar) under its
     * own name, as the instance would see it mounted.
     */
    static void fill(Path code, Path folder) throws IOException {
        if (Files.isRegularFile(code, LinkOption.NOFOLLOW_LINKS)) {
            linkOrCopy(code, folder.resolve(code.getFileName().toString()));
            return;
        }
        Path root = code.toRealPath();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path to = folder.resolve(root.relativize(dir).toString());
                if (!dir.equals(root)) {
                    Files.createDirectory(to);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                if (!dir.equals(root)) { // its mode once its entries are in (a read-only folder can be filled)
                    Files.setPosixFilePermissions(folder.resolve(root.relativize(dir).toString()),
                            Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path to = folder.resolve(root.relativize(file).toString());
                if (attrs.isSymbolicLink()) {
                    Files.createSymbolicLink(to, Files.readSymbolicLink(file));
                } else if (attrs.isRegularFile()) {
                    linkOrCopy(file, to);
                }
                return FileVisitResult.CONTINUE; // sockets, fifos, devices: left out, as an image build would
            }
        });
    }

    private static void linkOrCopy(Path file, Path to) throws IOException {
        try {
            Files.createLink(to, file);
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // another file system, or links to files of other users refused (fs.protected_hardlinks): a copy
            Files.copy(file, to, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        }
    }

    /** Deletes {@code folder} and what it holds, never following a link (a hard link's file stays where it came from). */
    static void delete(Path folder) throws IOException {
        if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void setMode(Path p, String mode) throws IOException {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
    }
}
