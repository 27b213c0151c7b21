package io.localfaas.backend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;

/**
 * Folders and files the platform creates are its user's alone (mode 0700 / 0600): logs, state, the host side of
 * mounts. Another local user can neither read a function's logs nor swap the files of its data folder. A mount's
 * folder must also be writable by the runtime images' user (uid 10001): run as root, the platform gives it to that
 * user ({@link #mountFolder}); run as another user, only the folder itself is opened to all (0777), inside folders it
 * created 0700, which nobody else can enter.
 */
public final class OwnerOnly {
    public static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    /** The user the runtime images run as. */
    public static final int RUNTIME_UID = 10001;

    private OwnerOnly() {
    }

    /** Creates {@code dir} and its missing parents, each created one 0700; existing ones keep their mode. Returns {@code dir}. */
    public static Path createDirectories(Path dir) throws IOException {
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = dir.toAbsolutePath().normalize(); p != null && !Files.exists(p); p = p.getParent()) {
            missing.push(p);
        }
        for (Path p : missing) {
            try {
                Files.createDirectory(p);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                continue;
            }
            setQuietly(p, FOLDER);
        }
        return dir;
    }

    /** Makes {@code file} (just created by the caller) readable and writable by its owner only. */
    public static void file(Path file) {
        setQuietly(file, FILE);
    }

    /**
     * Creates a mount's missing host folder for an instance that runs as {@link #RUNTIME_UID} (docker backend) or as the
     * platform's own user (process backend): 0700, given to uid 10001 when the platform runs as root; otherwise 0777 for
     * the folder itself only, its created parents staying 0700. An existing folder is left as its owner made it.
     */
    public static void mountFolder(Path source) throws IOException {
        if (Files.exists(source)) {
            return;
        }
        createDirectories(source);
        if (runningAsRoot()) {
            try {
                Files.setAttribute(source, "unix:uid", RUNTIME_UID);
                Files.setAttribute(source, "unix:gid", RUNTIME_UID);
                return;
            } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
                // not a POSIX file system that lets root change owners: fall through
            }
        }
        setQuietly(source, PosixFilePermissions.fromString("rwxrwxrwx"));
    }

    static boolean runningAsRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    private static void setQuietly(Path p, Set<PosixFilePermission> perms) {
        try {
            Files.setPosixFilePermissions(p, perms);
        } catch (IOException | UnsupportedOperationException e) {
            // not a POSIX file system: nothing to restrict
        }
    }
}
