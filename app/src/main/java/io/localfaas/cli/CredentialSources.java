package io.localfaas.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import io.localfaas.spec.Credentials;

/**
 * Where {@code faas up} finds the keys functions get (the one seam to the user's credential files), in the order
 * {@code s local} and {@code fun local} use: {@code --access ALIAS} (the Serverless Devs access file) when given; else
 * {@code ALIBABA_CLOUD_ACCESS_KEY_ID}/{@code _SECRET}/{@code _SECURITY_TOKEN} in the platform's environment or the
 * {@code --env-file}; else the access file's {@code default} alias; else Funcraft's {@code ~/.fcli/config.yaml}.
 */
final class CredentialSources {
    static final String ACCESS_FILE = ".s/access.yaml";
    static final String FUNCRAFT_FILE = ".fcli/config.yaml";
    private static final long MAX_BYTES = 1 << 20;

    /** What was found, or why an explicitly asked-for alias could not be used. */
    record Found(Optional<Credentials> credentials, Optional<String> error) {
    }

    private CredentialSources() {
    }

    static Found find(Map<String, String> env, Map<String, String> envFile, Path home, Optional<String> access) {
        Path accessFile = home.resolve(ACCESS_FILE);
        if (access.isPresent()) {
            Optional<String> text = read(accessFile);
            if (text.isEmpty()) {
                return new Found(Optional.empty(), Optional.of("--access " + access.get() + ": no " + accessFile
                        + " (s config add creates it)"));
            }
            Optional<Credentials> c = Credentials.fromAccessFile(text.get(), access.get(), "~/" + ACCESS_FILE);
            return c.isPresent() ? new Found(c, Optional.empty()) : new Found(Optional.empty(), Optional.of("--access " + access.get()
                    + ": no such alias with an AccessKeyID in " + accessFile + " (aliases: "
                    + String.join(", ", Credentials.aliases(text.get())) + ")"));
        }
        Optional<Credentials> c = Credentials.fromEnvironment(env, "the environment")
                .or(() -> Credentials.fromEnvironment(envFile, "--env-file"))
                .or(() -> read(accessFile).flatMap(t -> Credentials.fromAccessFile(t, "default", "~/" + ACCESS_FILE)))
                .or(() -> read(home.resolve(FUNCRAFT_FILE)).flatMap(t -> Credentials.fromFuncraftConfig(t, "~/" + FUNCRAFT_FILE)));
        return new Found(c, Optional.empty());
    }

    private static Optional<String> read(Path file) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_BYTES) {
                return Optional.empty();
            }
            return Optional.of(Files.readString(file));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
