package io.localfaas.spec;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A host directory mounted into every instance of a function (FC's NAS mount, locally): {@code source} on the host,
 * {@code target} inside the instance. The launcher creates a missing source before the first start.
 *
 * @param source   absolute host directory
 * @param target   absolute path inside the instance; not {@code /code}, {@code /tmp} or below them, no {@code ..}
 * @param readOnly whether the instance may only read it
 */
public record MountSpec(Path source, String target, boolean readOnly) {
    public MountSpec {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        SpecViolation.Checks c = new SpecViolation.Checks();
        c.require(source.isAbsolute(), "source", source, "must be an absolute directory");
        c.require(validTarget(target), "target", target,
                "must be an absolute path such as /mnt/data, without .., and not /, /code, /tmp or below them");
        c.throwIfAny();
    }

    static boolean validTarget(String target) {
        if (!target.startsWith("/") || target.length() < 2 || target.contains("\0") || target.contains("//")) {
            return false;
        }
        for (String segment : target.substring(1).split("/")) {
            if (segment.equals("..") || segment.equals(".")) {
                return false;
            }
        }
        String t = target.endsWith("/") ? target.substring(0, target.length() - 1) : target;
        for (String reserved : new String[] {"/code", "/tmp", "/proc", "/sys", "/dev"}) {
            if (t.equals(reserved) || t.startsWith(reserved + "/")) {
                return false;
            }
        }
        return true;
    }
}
