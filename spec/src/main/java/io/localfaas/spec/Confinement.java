package io.localfaas.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where a function's code and mount sources may come from: inside the project (the configuration file's folder, or
 * the repository that holds it when the file sits in a subfolder such as {@code config/}), inside the platform's state
 * folder, or inside a folder the user allowed ({@code faas up --allow-mount PATH}, {@code LOCALFAAS_ALLOW_MOUNT});
 * never a system folder, whatever was allowed. Decisions are pure ({@link #check}); finding the project's root and a
 * path's real location ({@link #real}) are the only reads of the file system.
 *
 * @param project the project's root
 * @param state   the platform's state folder
 * @param allowed folders the user allowed besides
 */
public record Confinement(Path project, Path state, List<Path> allowed) {
    /** The rule a code folder or mount source outside every allowed root breaks. */
    public static final String OUTSIDE = "confined-to-project";
    /** The rule a system folder breaks. */
    public static final String SYSTEM = "no-system-folder";
    /** The variable (and {@code faas up --allow-mount}) naming more allowed folders, separated by the path separator. */
    public static final String ALLOW_ENV = "LOCALFAAS_ALLOW_MOUNT";

    /** Folders never mounted nor used as code, nor anything below them. */
    static final Set<String> SYSTEM_TREES = Set.of("/bin", "/boot", "/dev", "/etc", "/lib", "/lib32", "/lib64", "/libx32", "/proc",
            "/run", "/sbin", "/sys", "/usr", "/var/run", "/var/lib/docker", "/var/log", "/var/lib/dpkg", "/var/lib/apt");
    /** Folders never mounted nor used as code themselves (they hold other users' and programs' data), though their subfolders may be. */
    static final Set<String> SYSTEM_FOLDERS = Set.of("/", "/home", "/root", "/var", "/var/lib", "/opt", "/srv", "/mnt", "/media", "/tmp",
            "/var/tmp", "/snap");

    public Confinement {
        project = project.toAbsolutePath().normalize();
        state = state.toAbsolutePath().normalize();
        allowed = allowed.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    }

    /**
     * Why {@code real} (an absolute, normalised path with its links resolved, see {@link #real}) may not be code or a
     * mount source; empty when it may. {@code home} is the user's home folder, itself refused as a whole.
     */
    public Optional<String> check(Path real, Path home) {
        Path p = real.toAbsolutePath().normalize();
        if (system(p) || p.equals(home.toAbsolutePath().normalize())) {
            return Optional.of("is a system folder (or the home folder), never mounted nor used as code [rule " + SYSTEM + "]");
        }
        if (p.startsWith(project) || p.startsWith(state) || allowed.stream().anyMatch(p::startsWith)) {
            return Optional.empty();
        }
        return Optional.of("is outside the project " + project + " and the state folder " + state
                + ": keep code and mounts inside them, or allow the folder with `faas up --allow-mount " + p + "` [rule " + OUTSIDE + "]");
    }

    /**
     * The confinement of the configuration file {@code configFile}: its project, the state folder {@code state}, and the
     * folders of {@code allowList} (separated by the path separator).
     */
    public static Confinement of(Path configFile, Path state, String allowList) {
        List<Path> allowed = java.util.Arrays.stream(allowList.split(java.io.File.pathSeparator)).filter(a -> !a.isBlank())
                .map(a -> real(Path.of(a.trim()))).toList();
        return new Confinement(projectRoot(configFile), real(state), allowed);
    }

    /** Throws the violation of {@code path} (written {@code text} in the file) as a problem; returns when it may be used. */
    void require(String text, Path path) {
        Path real = real(path);
        Optional<String> broken = check(real, Path.of(System.getProperty("user.home")));
        if (broken.isPresent()) {
            throw new SpecViolation("", text, (real.equals(path) ? "" : "(" + real + ") ") + broken.get());
        }
    }

    /** Whether {@code p} is a system folder, or below one that is a system tree. Pure. */
    static boolean system(Path p) {
        String s = p.toString();
        if (SYSTEM_FOLDERS.contains(s)) {
            return true;
        }
        for (String tree : SYSTEM_TREES) {
            if (p.startsWith(tree)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The project's root for a configuration file: the nearest folder from the file's own upwards that holds {@code .git}
     * (a repository, or a worktree's {@code .git} file), else the file's folder.
     */
    public static Path projectRoot(Path configFile) {
        Path folder = configFile.toAbsolutePath().normalize().getParent();
        for (Path p = folder; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve(".git")) && !system(p) && !SYSTEM_FOLDERS.contains(p.toString())) {
                return real(p);
            }
        }
        return real(folder);
    }

    /**
     * {@code path} with every link resolved: the path itself when it exists, else its nearest existing ancestor's real
     * path with the rest appended (a mount source the launcher will create).
     */
    public static Path real(Path path) {
        Path p = path.toAbsolutePath().normalize();
        Path rest = p.getFileSystem().getPath("");
        for (Path at = p; at != null; at = at.getParent()) {
            try {
                return at.toRealPath().resolve(rest).normalize();
            } catch (IOException e) {
                rest = at.getFileName() == null ? rest : at.getFileName().resolve(rest);
            }
        }
        return p;
    }
}
