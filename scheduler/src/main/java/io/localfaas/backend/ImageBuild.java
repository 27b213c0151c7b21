package io.localfaas.backend;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * An image {@code FROM fromImage} with the contents of {@code code} (a directory, or one file such as a jar) copied to
 * {@code /code}, tagged {@code tag} and carrying {@code labels}; the build may take at most {@code timeout}.
 */
public record ImageBuild(String fromImage, Path code, String tag, Map<String, String> labels, Duration timeout) {
    public ImageBuild {
        labels = Map.copyOf(labels);
    }

    /** The Dockerfile of the build (the code is copied next to it as {@code code/}). */
    public String dockerfile() {
        return "FROM " + fromImage + "\nCOPY code/ /code/\n";
    }
}
