package io.localfaas.backend;

import java.util.List;
import java.util.Map;

/** An image the engine has: its id, tags, size and labels. */
public record ImageInfo(String id, List<String> tags, long sizeBytes, Map<String, String> labels) {
    public ImageInfo {
        tags = List.copyOf(tags);
        labels = Map.copyOf(labels);
    }
}
