package io.localfaas.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Test set-up: a temporary copy of a function folder with packages installed from the npm registry by the host's npm. */
final class NpmInstall {
    private static final Duration NPM_TIMEOUT = Duration.ofMinutes(4);

    private NpmInstall() {
    }

    /** Copies the folder {@code source}, sub-folders included, to {@code target}. */
    static Path copy(Path source, Path target) throws IOException {
        try (Stream<Path> files = Files.walk(source)) {
            for (Path f : files.toList()) {
                Path to = target.resolve(source.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return target;
    }

    /** {@code npm install --no-save PACKAGES} in {@code code} (its package.json's dependencies when none are named), bounded. */
    static void install(Path code, Path log, String... packages) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("npm", "install", "--no-save", "--no-audit", "--no-fund", "--loglevel=error"));
        cmd.addAll(List.of(packages));
        Process npm = new ProcessBuilder(cmd)
                .directory(code.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!npm.waitFor(NPM_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            npm.destroyForcibly();
            throw new IllegalStateException("npm install did not finish within " + NPM_TIMEOUT + "; see " + log);
        }
        if (npm.exitValue() != 0) {
            throw new IllegalStateException("npm install failed (exit " + npm.exitValue() + "):\n" + Files.readString(log));
        }
    }
}
