package io.localfaas.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Where code and mount sources may come from: a table of paths and the rule each breaks. */
class ConfinementTest {
    private static final Confinement C = new Confinement(Path.of("/work/app"), Path.of("/home/u/.localfaas"),
            List.of(Path.of("/data/shared")));
    private static final Path HOME = Path.of("/home/u");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "/work/app, ok",
            "/work/app/code, ok",
            "/work/app/data/todo, ok",
            "/home/u/.localfaas/nas/x, ok",
            "/data/shared/sub, ok",
            "/work, " + Confinement.OUTSIDE,
            "/work/app2, " + Confinement.OUTSIDE,
            "/home/u/.ssh, " + Confinement.OUTSIDE,
            "/data, " + Confinement.OUTSIDE,
            "/tmp/x, " + Confinement.OUTSIDE,
            "/, " + Confinement.SYSTEM,
            "/etc, " + Confinement.SYSTEM,
            "/etc/ssh, " + Confinement.SYSTEM,
            "/proc/1, " + Confinement.SYSTEM,
            "/var/run/docker.sock, " + Confinement.SYSTEM,
            "/var/lib/docker/volumes, " + Confinement.SYSTEM,
            "/usr/lib, " + Confinement.SYSTEM,
            "/home, " + Confinement.SYSTEM,
            "/home/u, " + Confinement.SYSTEM,
            "/tmp, " + Confinement.SYSTEM,
    })
    void aPathIsAllowedOrBreaksItsRule(String path, String rule) {
        Optional<String> broken = C.check(Path.of(path), HOME);
        assertEquals(rule.equals("ok") ? Optional.empty() : Optional.of(rule),
                broken.map(b -> b.substring(b.lastIndexOf("[rule ") + 6, b.length() - 1)), broken.toString());
    }

    @Test
    void aSystemFolderIsRefusedEvenWhenAllowed() {
        Confinement allowsEtc = new Confinement(Path.of("/work/app"), Path.of("/s"), List.of(Path.of("/etc"), Path.of("/")));
        assertEquals(true, allowsEtc.check(Path.of("/etc/passwd"), HOME).orElseThrow().contains(Confinement.SYSTEM));
        assertEquals(true, allowsEtc.check(Path.of("/"), HOME).orElseThrow().contains(Confinement.SYSTEM));
    }

    @Test
    void theProjectIsTheRepositoryHoldingTheFileOrElseItsFolder(@TempDir Path dir) throws Exception {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        Files.writeString(repo.resolve(".git"), "gitdir: elsewhere\n"); // a worktree's .git is a file
        Files.createDirectories(repo.resolve("config"));
        assertEquals(repo.toRealPath(), Confinement.projectRoot(repo.resolve("config/app.yaml")));
        Path plain = Files.createDirectories(dir.resolve("plain/sub"));
        assertEquals(plain.toRealPath(), Confinement.projectRoot(plain.resolve("app.yaml")));
    }

    @Test
    void theRealPathOfAMissingFolderIsItsNearestExistingAncestorsWithTheRest(@TempDir Path dir) throws Exception {
        Path target = Files.createDirectories(dir.resolve("target"));
        Files.createSymbolicLink(dir.resolve("link"), target);
        assertEquals(target.toRealPath().resolve("a/b"), Confinement.real(dir.resolve("link/a/b")));
    }
}
