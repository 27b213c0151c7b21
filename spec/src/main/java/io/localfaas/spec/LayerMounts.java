package io.localfaas.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A function's {@code layers} (native), {@code Layers} (template.yml) or {@code layers} (s.yaml) as read by every reader:
 * each reference mapped by {@link Layers#map}, problems and warnings at the reference's own line, and the read-only mount
 * of the merged folder at {@link Layers#TARGET}.
 */
final class LayerMounts {
    private LayerMounts() {
    }

    static Optional<MountSpec> read(YamlReader reader, NodeTuple tuple, String p, String function) {
        if (tuple == null) {
            return Optional.empty();
        }
        List<String> refs = reader.strings(tuple, p);
        List<Node> nodes = tuple.getValueNode() instanceof SequenceNode seq ? seq.getValue() : List.of();
        Path projectDir = reader.file.toAbsolutePath().getParent();
        List<Layers.Mapping> mappings = new ArrayList<>();
        boolean bad = false;
        for (int i = 0; i < refs.size(); i++) {
            Node at = i < nodes.size() ? nodes.get(i) : tuple.getValueNode();
            String item = p + "[" + i + "]";
            Layers.Mapping m = Layers.map(refs.get(i), projectDir, reader.variables(), Files::exists, LayerMounts::isZip);
            if (m instanceof Layers.Unmapped u) {
                reader.add(at, item, refs.get(i), u.problem());
                bad = true;
            } else if (m instanceof Layers.RuntimeLayer r) {
                reader.warn(at, item, refs.get(i), r.warning());
            }
            mappings.add(m);
        }
        if (bad || mappings.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new MountSpec(LayerFolders.materialize(function, mappings, reader.stateBase()), Layers.TARGET, true));
        } catch (IOException | RuntimeException e) {
            reader.add(tuple.getValueNode(), p, null, "cannot prepare the layers' folder: " + e.getMessage());
            return Optional.empty();
        }
    }

    private static boolean isZip(Path path) {
        return Files.isRegularFile(path) && path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip");
    }

    /** {@code mounts} plus the layers' mount, when there is one. */
    static List<MountSpec> with(List<MountSpec> mounts, Optional<MountSpec> layers) {
        if (layers.isEmpty()) {
            return mounts;
        }
        List<MountSpec> out = new ArrayList<>(mounts);
        out.add(layers.get());
        return out;
    }
}
