package io.localfaas.images;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.localfaas.backend.ImageBackend;
import io.localfaas.backend.ImageBuild;
import io.localfaas.backend.ImageInfo;

/** A hand-written recording fake of the image engine, for unit tests only. */
final class RecordingImages implements ImageBackend {
    final Map<String, ImageInfo> byTag = new LinkedHashMap<>();
    final List<String> builds = new ArrayList<>();
    final List<String> removals = new ArrayList<>();
    /** Tags the "engine" says a container still uses. */
    final Set<String> usedByContainers = new HashSet<>();

    RecordingImages withRuntime(String tag, String id) {
        byTag.put(tag, new ImageInfo(id, List.of(tag), 100, Map.of()));
        return this;
    }

    @Override
    public synchronized Optional<ImageInfo> inspect(String reference) {
        return Optional.ofNullable(byTag.get(reference));
    }

    @Override
    public synchronized ImageInfo build(ImageBuild build) {
        builds.add(build.tag());
        ImageInfo image = new ImageInfo("sha256:" + build.tag().hashCode(), List.of(build.tag()), 1000, build.labels());
        byTag.put(build.tag(), image);
        return image;
    }

    @Override
    public synchronized ImageInfo buildDockerfile(java.nio.file.Path context, java.nio.file.Path dockerfile, String tag,
                                                  Map<String, String> labels, java.time.Duration timeout,
                                                  java.util.function.Consumer<String> output) {
        builds.add(tag + " from " + context.relativize(dockerfile));
        output.accept("Step 1/1 : FROM scratch");
        ImageInfo image = new ImageInfo("sha256:" + tag.hashCode(), List.of(tag), 1000, labels);
        byTag.put(tag, image);
        return image;
    }

    @Override
    public synchronized List<ImageInfo> list(Map<String, String> labels) {
        return byTag.values().stream().filter(i -> i.labels().entrySet().containsAll(labels.entrySet())).toList();
    }

    @Override
    public synchronized boolean removeIfUnused(String reference) {
        if (usedByContainers.contains(reference)) {
            return false;
        }
        removals.add(reference);
        byTag.remove(reference);
        return true;
    }

    @Override
    public void save(String reference, java.nio.file.Path tarball) {
        throw new UnsupportedOperationException("not recorded");
    }

    @Override
    public void push(String reference) {
        throw new UnsupportedOperationException("not recorded");
    }

    @Override
    public void close() {
    }
}
