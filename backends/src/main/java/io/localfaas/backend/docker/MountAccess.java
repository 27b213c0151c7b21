package io.localfaas.backend.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.localfaas.spec.FunctionSpec;
import io.localfaas.spec.MountSpec;

/**
 * Whether the runtime images' user (uid/gid 10001, {@link CodeAccess#RUNTIME_UID}) can write a writable mount's folder
 * (FC's NAS): a folder the user made ({@code TODO_DATA=$HOME/todos}, mode 0755, owned by them) is not writable by it, and
 * the function would fail at its first write with an error far from the cause. Checked on the host before any instance
 * starts, like the code's readability.
 */
public final class MountAccess {
    private MountAccess() {
    }

    /** Whether a folder with {@code perms}, owned by {@code owner}/{@code group}, can be written and entered by {@code uid}/{@code gid}. Pure. */
    static boolean writable(Set<PosixFilePermission> perms, int owner, int group, int uid, int gid) {
        if (uid == 0) {
            return true;
        }
        if (uid == owner) {
            return perms.contains(PosixFilePermission.OWNER_WRITE) && perms.contains(PosixFilePermission.OWNER_EXECUTE);
        }
        if (gid == group) {
            return perms.contains(PosixFilePermission.GROUP_WRITE) && perms.contains(PosixFilePermission.GROUP_EXECUTE);
        }
        return perms.contains(PosixFilePermission.OTHERS_WRITE) && perms.contains(PosixFilePermission.OTHERS_EXECUTE);
    }

    /** One line per writable mount of {@code fn} whose existing folder the runtime user cannot write, naming it and the fix. */
    public static List<String> problems(FunctionSpec fn) {
        List<String> out = new ArrayList<>();
        if (fn.runtime() == io.localfaas.spec.Runtime.CUSTOM_CONTAINER) {
            return out; // its image's own user, which the platform does not know
        }
        for (MountSpec m : fn.mounts()) {
            Path source = m.source();
            if (m.readOnly() || !Files.isDirectory(source)) {
                continue; // a missing folder is created for the instance; a read-only one is never written
            }
            try {
                Map<String, Object> a = Files.readAttributes(source, "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(source, LinkOption.NOFOLLOW_LINKS);
                if (!writable(perms, (Integer) a.get("uid"), (Integer) a.get("gid"), CodeAccess.RUNTIME_UID, CodeAccess.RUNTIME_GID)) {
                    out.add("function " + fn.name() + ": the mounted folder " + source + " (mode " + String.format("%04o", (Integer) a.get("mode")
                            & 07777) + ", owner uid " + a.get("uid") + ") cannot be written by the runtime's user (uid " + CodeAccess.RUNTIME_UID
                            + ") at " + m.target() + "; let it write: chmod a+rwx " + source + " (or sudo chown " + CodeAccess.RUNTIME_UID + ":"
                            + CodeAccess.RUNTIME_GID + " " + source + "), or mount it readOnly");
                }
            } catch (IOException | UnsupportedOperationException e) {
                // not a POSIX file system: nothing to tell in advance
            }
        }
        return out;
    }
}
