package io.localfaas.backend.docker;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Links in a function's code folder copied into its image ({@code codeMode: image}): a link stays a link, and one
 * whose target leaves the code folder is refused, so that no file of the host (a key, another project's data) ends up
 * in an image because a link in the code pointed at it. Pure: the caller reads the links.
 */
final class CodeLinks {
    private CodeLinks() {
    }

    /**
     * Why the link at {@code link} (inside {@code root}, both real absolute paths) to {@code target} (as the link holds
     * it, relative to the link's folder or absolute) may not be copied; empty when its target stays inside {@code root}.
     */
    static Optional<String> escape(Path root, Path link, Path target) {
        Path resolved = link.getParent().resolve(target).normalize();
        if (resolved.startsWith(root) && !resolved.equals(link)) {
            return Optional.empty();
        }
        return Optional.of("the code folder " + root + " holds a link " + root.relativize(link) + " -> " + target
                + " that leaves it: codeMode: image copies links as links and never the files outside the code folder they point"
                + " to; copy the file into the code folder, or remove the link");
    }
}
