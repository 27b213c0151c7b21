package io.localfaas.backend;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * An image {@code FROM fromImage} with the contents of {@code code} (a directory, or one file such as a jar) copied to
 * {@code /code}, the environment {@code env} set, tagged {@code tag} and carrying {@code labels}; the build may take at
 * most {@code timeout}.
 */
public record ImageBuild(String fromImage, Path code, String tag, Map<String, String> labels, Duration timeout, Map<String, String> env) {
    public ImageBuild {
        labels = Map.copyOf(labels);
        env = Collections.unmodifiableMap(new TreeMap<>(env));
        env.forEach((k, v) -> {
            if (!k.matches("[A-Za-z_][A-Za-z0-9_]*") || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("environment variable " + k + ": names are letters, digits and _, values one line");
            }
        });
    }

    /** An image with the code and no environment of its own. */
    public ImageBuild(String fromImage, Path code, String tag, Map<String, String> labels, Duration timeout) {
        this(fromImage, code, tag, labels, timeout, Map.of());
    }

    /** The Dockerfile of the build (the code is copied next to it as {@code code/}). */
    public String dockerfile() {
        StringBuilder d = new StringBuilder("FROM " + fromImage + "\nCOPY code/ /code/\n");
        env.forEach((k, v) -> d.append("ENV ").append(k).append("=\"")
                .append(v.replace("\\", "\\\\").replace("\"", "\\\"").replace("$", "\\$")).append("\"\n"));
        return d.toString();
    }
}
