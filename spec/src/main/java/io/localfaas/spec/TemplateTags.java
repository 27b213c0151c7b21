package io.localfaas.spec;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * ROS intrinsic functions in a Funcraft template, written as YAML tags: {@code !Ref}, {@code !GetAtt}, {@code !Sub},
 * {@code !Join}. Each tagged node is replaced, in the composed tree, by a plain string: resolved from a
 * {@code Parameters} entry's {@code Default} or from a resource's name ({@code !Ref svc}, {@code !GetAtt svc.ServiceName},
 * {@code !GetAtt fn.FunctionName}); anything else (ARNs, pseudo parameters, parameters without a default) cannot be
 * known locally and becomes an empty string with a warning at its line. Under the sections localfaas ignores
 * ({@code Outputs}, {@code Metadata}, {@code Conditions}, {@code Mappings}) the tags are replaced silently.
 */
final class TemplateTags {
    static final Set<Tag> TAGS = Set.of(new Tag("!Ref"), new Tag("!GetAtt"), new Tag("!Sub"), new Tag("!Join"));
    private static final Set<String> IGNORED_SECTIONS = Set.of("Outputs", "Metadata", "Conditions", "Mappings");
    private static final Set<String> NAME_ATTRIBUTES = Set.of("ServiceName", "FunctionName", "Name");
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{(!?)([^}]*)}");

    private final Path file;
    private final Set<Problem> warnings;
    private final Map<String, String> parameters = new HashMap<>();
    private final Set<String> resources = new HashSet<>();

    private TemplateTags(Path file, Set<Problem> warnings) {
        this.file = file;
        this.warnings = warnings;
    }

    /** Replaces every tagged node of {@code top} by a plain string, warning where one cannot be resolved. */
    static void resolve(MappingNode top, Path file, Set<Problem> warnings) {
        TemplateTags tags = new TemplateTags(file, warnings);
        tags.collect(top);
        for (int i = 0; i < top.getValue().size(); i++) {
            NodeTuple t = top.getValue().get(i);
            String key = YamlReader.keyText(t);
            top.getValue().set(i, new NodeTuple(t.getKeyNode(), tags.walk(t.getValueNode(), key, IGNORED_SECTIONS.contains(key))));
        }
    }

    /** Parameters with a default, and the names of resources (services and the functions inside them). */
    private void collect(MappingNode top) {
        for (NodeTuple t : top.getValue()) {
            String key = YamlReader.keyText(t);
            if (key.equals("Parameters") && t.getValueNode() instanceof MappingNode params) {
                for (NodeTuple p : params.getValue()) {
                    if (p.getValueNode() instanceof MappingNode spec) {
                        spec.getValue().stream().filter(x -> YamlReader.keyText(x).equals("Default") && x.getValueNode() instanceof ScalarNode)
                                .findFirst().ifPresent(x -> parameters.put(YamlReader.keyText(p), ((ScalarNode) x.getValueNode()).getValue()));
                    }
                }
            } else if (key.equals("Resources") && t.getValueNode() instanceof MappingNode res) {
                for (NodeTuple r : res.getValue()) {
                    resources.add(YamlReader.keyText(r));
                    if (r.getValueNode() instanceof MappingNode service) {
                        service.getValue().stream().filter(x -> x.getValueNode() instanceof MappingNode)
                                .forEach(x -> resources.add(YamlReader.keyText(x)));
                    }
                }
            }
        }
    }

    private Node walk(Node node, String path, boolean quiet) {
        if (TAGS.contains(node.getTag())) {
            String value = value(node, path, quiet);
            return new ScalarNode(Tag.STR, value == null ? "" : value, node.getStartMark(), node.getEndMark(), DumperOptions.ScalarStyle.PLAIN);
        }
        if (node instanceof MappingNode m) {
            List<NodeTuple> tuples = m.getValue();
            for (int i = 0; i < tuples.size(); i++) {
                NodeTuple t = tuples.get(i);
                tuples.set(i, new NodeTuple(t.getKeyNode(), walk(t.getValueNode(), YamlReader.join(path, YamlReader.keyText(t)), quiet)));
            }
        } else if (node instanceof SequenceNode s) {
            List<Node> items = s.getValue();
            for (int i = 0; i < items.size(); i++) {
                items.set(i, walk(items.get(i), path + "[" + i + "]", quiet));
            }
        }
        return node;
    }

    /** The string a node stands for; null (and a warning unless {@code quiet}) when it cannot be known locally. */
    private String value(Node node, String path, boolean quiet) {
        String tag = node.getTag().getValue();
        String why;
        switch (tag) {
            case "!Ref" -> {
                String name = node instanceof ScalarNode s ? s.getValue() : null;
                String v = name == null ? null : ref(name);
                if (v != null) {
                    return v;
                }
                why = name == null ? "!Ref takes a name" : "refers to " + name + ", which is neither a Parameter with a Default nor a resource";
            }
            case "!GetAtt" -> {
                List<String> parts = node instanceof ScalarNode s ? List.of(s.getValue().split("\\.", 2))
                        : node instanceof SequenceNode seq ? seq.getValue().stream().map(n -> n instanceof ScalarNode x ? x.getValue() : "?").toList()
                        : List.of();
                String v = parts.size() == 2 ? getAtt(parts.get(0), parts.get(1)) : null;
                if (v != null) {
                    return v;
                }
                why = "only the ServiceName / FunctionName of a resource in this file are known locally";
            }
            case "!Sub" -> {
                String v = sub(node, path);
                if (v != null) {
                    return v;
                }
                why = "a ${...} in it is neither a Parameter with a Default nor a resource name";
            }
            case "!Join" -> {
                String v = join(node, path);
                if (v != null) {
                    return v;
                }
                why = "!Join takes [delimiter, [values...]] whose values are known locally";
            }
            default -> why = "unknown tag";
        }
        if (!quiet) {
            Mark m = node.getStartMark();
            warnings.add(new Problem(file, m.getLine() + 1, m.getColumn() + 1, path, tag, "cannot be resolved locally (" + why + "): used as \"\""));
        }
        return null;
    }

    private String ref(String name) {
        if (parameters.containsKey(name)) {
            return parameters.get(name);
        }
        return resources.contains(name) ? name : null;
    }

    private String getAtt(String resource, String attribute) {
        return resources.contains(resource) && NAME_ATTRIBUTES.contains(attribute) ? resource : null;
    }

    /** {@code !Sub 'text ${Param} ${res.FunctionName} ${!Literal}'}, or {@code !Sub [text, {Var: value}]}. */
    private String sub(Node node, String path) {
        String text;
        Map<String, String> vars = new HashMap<>();
        if (node instanceof ScalarNode s) {
            text = s.getValue();
        } else if (node instanceof SequenceNode seq && seq.getValue().size() == 2 && seq.getValue().get(0) instanceof ScalarNode s
                && seq.getValue().get(1) instanceof MappingNode m) {
            text = s.getValue();
            for (NodeTuple t : m.getValue()) {
                String v = plain(t.getValueNode(), path);
                if (v == null) {
                    return null;
                }
                vars.put(YamlReader.keyText(t), v);
            }
        } else {
            return null;
        }
        Matcher m = SUB_VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(2).trim();
            String v;
            if (!m.group(1).isEmpty()) {
                v = "$${" + name + "}"; // a literal ${...}, as the native substitution writes it
            } else if (vars.containsKey(name)) {
                v = vars.get(name);
            } else if (name.contains(".")) {
                v = getAtt(name.substring(0, name.indexOf('.')), name.substring(name.indexOf('.') + 1));
            } else {
                v = ref(name);
            }
            if (v == null) {
                return null;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** {@code !Join [delimiter, [a, !Ref b, ...]]}. */
    private String join(Node node, String path) {
        if (!(node instanceof SequenceNode seq) || seq.getValue().size() != 2 || !(seq.getValue().get(0) instanceof ScalarNode d)
                || !(seq.getValue().get(1) instanceof SequenceNode items)) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < items.getValue().size(); i++) {
            String v = plain(items.getValue().get(i), path);
            if (v == null) {
                return null;
            }
            out.append(i == 0 ? "" : d.getValue()).append(v);
        }
        return out.toString();
    }

    /** A nested value: a plain scalar, or a tag resolved quietly (the outer tag warns once). */
    private String plain(Node node, String path) {
        if (TAGS.contains(node.getTag())) {
            return value(node, path, true);
        }
        return node instanceof ScalarNode s ? s.getValue() : null;
    }
}
