package io.localfaas.export;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Validates a manifest against Knative Serving's own published schema of {@code serving.knative.dev/v1} Service: the
 * {@code openAPIV3Schema} of its CRD ({@code src/test/resources/knative/service-crd.yaml}, copied unchanged from
 * knative/serving, source named in the file), read as a Kubernetes API server reads a structural schema with strict
 * field validation ({@code kubectl apply --validate=strict}): types (with {@code int32}/{@code int64} ranges and
 * {@code x-kubernetes-int-or-string}), {@code required}, {@code enum}, {@code pattern}, {@code anyOf}, maps through
 * {@code additionalProperties}, and every field the schema does not declare is an error unless the object preserves
 * unknown fields. The root {@code metadata} is the API server's ObjectMeta (name, namespace, labels, annotations).
 * Returns every problem as {@code path: rule}.
 */
final class KnativeCrdSchema {
    private static final Map<String, Object> SCHEMA = load();

    private KnativeCrdSchema() {
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> load() {
        try (InputStream in = KnativeCrdSchema.class.getResourceAsStream("/knative/service-crd.yaml")) {
            Map<String, Object> crd = new ObjectMapper(new YAMLFactory()).readValue(in, new TypeReference<>() {
            });
            List<Map<String, Object>> versions = (List<Map<String, Object>>) ((Map<String, Object>) crd.get("spec")).get("versions");
            Map<String, Object> v1 = versions.stream().filter(v -> "v1".equals(v.get("name"))).findFirst().orElseThrow();
            return (Map<String, Object>) ((Map<String, Object>) v1.get("schema")).get("openAPIV3Schema");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> validate(Map<String, Object> manifest) {
        List<String> problems = new ArrayList<>();
        check(problems, "", manifest, SCHEMA, true);
        return problems;
    }

    @SuppressWarnings("unchecked")
    private static void check(List<String> p, String path, Object value, Map<String, Object> schema, boolean root) {
        String at = path.isEmpty() ? "(root)" : path;
        if (value == null) {
            if (!Boolean.TRUE.equals(schema.get("nullable"))) {
                p.add(at + ": must not be null");
            }
            return;
        }
        if (Boolean.TRUE.equals(schema.get("x-kubernetes-int-or-string"))) {
            if (!(value instanceof Integer || value instanceof Long || value instanceof String)) {
                p.add(at + ": must be an integer or a string");
            } else if (value instanceof String s && schema.get("pattern") instanceof String re && !Pattern.compile(re).matcher(s).find()) {
                p.add(at + ": '" + s + "' does not match " + re);
            }
            return;
        }
        if (schema.get("anyOf") instanceof List<?> any) {
            boolean one = false;
            for (Object alt : any) {
                List<String> q = new ArrayList<>();
                check(q, path, value, (Map<String, Object>) alt, false);
                one |= q.isEmpty();
            }
            if (!one) {
                p.add(at + ": matches none of anyOf");
            }
        }
        Object type = schema.get("type");
        if ("object".equals(type)) {
            if (!(value instanceof Map<?, ?> map)) {
                p.add(at + ": must be an object");
                return;
            }
            object(p, path, (Map<String, Object>) map, schema, root);
        } else if ("array".equals(type)) {
            if (!(value instanceof List<?> list)) {
                p.add(at + ": must be an array");
                return;
            }
            Map<String, Object> items = (Map<String, Object>) schema.getOrDefault("items", Map.of());
            for (int i = 0; i < list.size(); i++) {
                check(p, path + "[" + i + "]", list.get(i), items, false);
            }
        } else if ("string".equals(type)) {
            if (!(value instanceof String s)) {
                p.add(at + ": must be a string");
                return;
            }
            if (schema.get("pattern") instanceof String re && !Pattern.compile(re).matcher(s).find()) {
                p.add(at + ": '" + s + "' does not match " + re);
            }
        } else if ("integer".equals(type)) {
            if (!(value instanceof Integer || value instanceof Long)) {
                p.add(at + ": must be an integer");
                return;
            }
            long n = ((Number) value).longValue();
            if ("int32".equals(schema.get("format")) && (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE)) {
                p.add(at + ": " + n + " is out of int32");
            }
            bound(p, at, n, schema);
        } else if ("number".equals(type)) {
            if (!(value instanceof Number n)) {
                p.add(at + ": must be a number");
                return;
            }
            bound(p, at, n.doubleValue(), schema);
        } else if ("boolean".equals(type) && !(value instanceof Boolean)) {
            p.add(at + ": must be a boolean");
        }
        if (schema.get("enum") instanceof List<?> allowed && !allowed.contains(value)) {
            p.add(at + ": '" + value + "' is not one of " + allowed);
        }
    }

    private static void bound(List<String> p, String at, double n, Map<String, Object> schema) {
        if (schema.get("minimum") instanceof Number min && n < min.doubleValue()) {
            p.add(at + ": " + n + " is below the minimum " + min);
        }
        if (schema.get("maximum") instanceof Number max && n > max.doubleValue()) {
            p.add(at + ": " + n + " is above the maximum " + max);
        }
    }

    @SuppressWarnings("unchecked")
    private static void object(List<String> p, String path, Map<String, Object> map, Map<String, Object> schema, boolean root) {
        Map<String, Object> properties = (Map<String, Object>) schema.getOrDefault("properties", Map.of());
        if (schema.get("required") instanceof List<?> required) {
            for (Object r : required) {
                if (!map.containsKey(r)) {
                    p.add(join(path, (String) r) + ": required");
                }
            }
        }
        boolean preserve = Boolean.TRUE.equals(schema.get("x-kubernetes-preserve-unknown-fields"));
        for (Map.Entry<String, Object> e : map.entrySet()) {
            String child = join(path, e.getKey());
            if (root && e.getKey().equals("metadata")) {
                check(p, child, e.getValue(), OBJECT_META, false);
            } else if (properties.containsKey(e.getKey())) {
                check(p, child, e.getValue(), (Map<String, Object>) properties.get(e.getKey()), false);
            } else if (schema.get("additionalProperties") instanceof Map<?, ?> values) {
                check(p, child, e.getValue(), (Map<String, Object>) values, false);
            } else if (!preserve) {
                p.add(child + ": unknown field (the schema does not declare it)");
            }
        }
    }

    /** What the API server itself checks of a root {@code metadata} (the CRD leaves it to it). */
    private static final Map<String, Object> OBJECT_META = Map.of("type", "object", "properties", Map.of(
            "name", Map.of("type", "string"), "namespace", Map.of("type", "string"), "generateName", Map.of("type", "string"),
            "labels", Map.of("type", "object", "additionalProperties", Map.of("type", "string")),
            "annotations", Map.of("type", "object", "additionalProperties", Map.of("type", "string"))));

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
