package io.localfaas.backend.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import io.localfaas.spec.CodeMode;
import io.localfaas.spec.FunctionSpec;

/**
 * Whether the runtime images' user (uid/gid 10001) can read a function's code once it is bind-mounted (or copied into
 * an image): a {@code 0700} folder, as {@code mktemp -d} and many home folders make, otherwise answers every request
 * with a module-not-found error that points the user in the wrong direction. Checked on the host before any instance
 * starts; the process backend runs as the user and is not concerned.
 */
public final class CodeAccess {
    /** The user the runtime images run as ({@code USER 10001} in runtime-images). */
    public static final int RUNTIME_UID = 10001;
    public static final int RUNTIME_GID = 10001;
    /** Entries looked at per function, at most (node_modules can be large). */
    static final int MAX_ENTRIES = 5000;

    private CodeAccess() {
    }

    /** A path the runtime user cannot read, and its mode. */
    public record Unreadable(Path path, String mode) {
    }

    /**
     * Whether a file or folder with {@code perms}, owned by {@code owner}/{@code group}, can be read (folders: listed and
     * entered) by {@code uid}/{@code gid}. Pure.
     */
    static boolean readable(Set<PosixFilePermission> perms, int owner, int group, boolean dir, int uid, int gid) {
        if (uid == 0) {
            return true;
        }
        PosixFilePermission r;
        PosixFilePermission x;
        if (uid == owner) {
            r = PosixFilePermission.OWNER_READ;
            x = PosixFilePermission.OWNER_EXECUTE;
        } else if (gid == group) {
            r = PosixFilePermission.GROUP_READ;
            x = PosixFilePermission.GROUP_EXECUTE;
        } else {
            r = PosixFilePermission.OTHERS_READ;
            x = PosixFilePermission.OTHERS_EXECUTE;
        }
        return perms.contains(r) && (!dir || perms.contains(x));
    }

    /** The first path under {@code root} (itself included) the runtime user cannot read; empty when all can be. */
    public static Optional<Unreadable> firstUnreadable(Path root) throws IOException {
        Deque<Path> todo = new ArrayDeque<>(List.of(root));
        int seen = 0;
        while (!todo.isEmpty() && seen++ < MAX_ENTRIES) {
            Path p = todo.poll();
            if (Files.isSymbolicLink(p)) {
                continue;
            }
            Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,isDirectory", LinkOption.NOFOLLOW_LINKS);
            boolean dir = (Boolean) a.get("isDirectory");
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
            if (!readable(perms, (Integer) a.get("uid"), (Integer) a.get("gid"), dir, RUNTIME_UID, RUNTIME_GID)) {
                return Optional.of(new Unreadable(p, String.format("%04o", (Integer) a.get("mode") & 07777)));
            }
            if (dir) {
                try (Stream<Path> children = Files.list(p)) {
                    children.sorted().forEach(todo::add);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * How to make {@code path} readable: a chmod of that very path, never of {@code /} or a folder above the code (the
     * configuration confines code to the project, see io.localfaas.spec.Confinement). Pure.
     */
    static String fix(Path path) {
        Path p = path.toAbsolutePath().normalize();
        if (p.getParent() == null) {
            return "make the code readable (or use --backend process)";
        }
        return "make it readable: chmod -R a+rX " + p + " (or use --backend process)";
    }

    /**
     * The one-line reason {@code fn} cannot start on the docker backend because its code is unreadable inside the
     * container, naming the path and the fix; empty when it can (or has no code of its own).
     */
    public static Optional<String> problem(FunctionSpec fn) {
        if (fn.codeUri().isEmpty() || (fn.codeMode() != CodeMode.MOUNT && fn.codeMode() != CodeMode.IMAGE)) {
            return Optional.empty();
        }
        Path code = fn.codeUri().get();
        try {
            return firstUnreadable(code).map(u -> "function " + fn.name() + ": " + u.path() + " (mode " + u.mode()
                    + ") in the code folder " + code + " cannot be read by the runtime's user (uid " + RUNTIME_UID
                    + ") inside the container; " + fix(u.path()));
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty(); // not a POSIX file system: nothing to tell in advance
        }
    }
}
