package io.localfaas.export;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules of Knative Serving's {@code serving.knative.dev/v1} Service that an exported manifest must follow, checked
 * on the YAML as a cluster's API server and Knative's webhook would read it: first Knative's own published CRD schema
 * ({@link KnativeCrdSchema}), then what its webhook adds beyond the schema: names, the autoscaling annotation names
 * Knative knows and the ranges of their values, reserved variables. Returns every problem as {@code path: rule}.
 */
final class KnativeServiceSchema {
    private static final Pattern DNS_1035 = Pattern.compile("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern DNS_1123 = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");
    private static final Pattern QUANTITY = Pattern.compile("[0-9]+(\\.[0-9]+)?(m|Ki|Mi|Gi|Ti|k|M|G|T)?");
    private static final Pattern GO_DURATION = Pattern.compile("([0-9]+(\\.[0-9]+)?(ns|us|ms|s|m|h))+");
    private static final String A = "autoscaling.knative.dev/";
    /** The per-revision autoscaling annotations Knative Serving reads. */
    static final Set<String> AUTOSCALING_KEYS = Set.of(A + "class", A + "metric", A + "target", A + "target-utilization-percentage",
            A + "min-scale", A + "max-scale", A + "initial-scale", A + "scale-down-delay", A + "window", A + "panic-window-percentage",
            A + "panic-threshold-percentage", A + "scale-to-zero-pod-retention-period", A + "activation-scale", A + "target-burst-capacity");
    /** Environment variables Knative sets itself and a container may not declare. */
    static final Set<String> RESERVED_ENV = Set.of("PORT", "K_SERVICE", "K_CONFIGURATION", "K_REVISION");

    private KnativeServiceSchema() {
    }

    static List<String> check(Map<String, Object> svc) {
        List<String> p = new ArrayList<>(KnativeCrdSchema.validate(svc));
        equal(p, "apiVersion", svc.get("apiVersion"), "serving.knative.dev/v1");
        equal(p, "kind", svc.get("kind"), "Service");
        Map<String, Object> meta = map(p, "metadata", svc.get("metadata"));
        matches(p, "metadata.name", meta.get("name"), DNS_1035, "a DNS-1035 label of at most 63 characters");
        if (meta.containsKey("namespace")) {
            matches(p, "metadata.namespace", meta.get("namespace"), DNS_1123, "a DNS-1123 label");
        }
        Map<String, Object> template = map(p, "spec.template", map(p, "spec", svc.get("spec")).get("template"));
        Map<String, Object> tmeta = map(p, "spec.template.metadata", template.get("metadata"));
        Map<String, Object> annotations = map(p, "spec.template.metadata.annotations", tmeta.getOrDefault("annotations", Map.of()));
        annotations.forEach((k, v) -> annotation(p, k, v));
        Object min = annotations.get(A + "min-scale");
        Object max = annotations.get(A + "max-scale");
        if (min instanceof String a && max instanceof String b && a.matches("\\d+") && b.matches("\\d+")
                && Integer.parseInt(b) > 0 && Integer.parseInt(a) > Integer.parseInt(b)) {
            p.add("annotations: min-scale " + a + " must not exceed max-scale " + b);
        }
        Map<String, Object> spec = map(p, "spec.template.spec", template.get("spec"));
        integer(p, "spec.template.spec.containerConcurrency", spec.get("containerConcurrency"), 0, 1000);
        integer(p, "spec.template.spec.timeoutSeconds", spec.get("timeoutSeconds"), 1, 600);
        Object containers = spec.get("containers");
        if (!(containers instanceof List<?> list) || list.size() != 1) {
            p.add("spec.template.spec.containers: exactly one container (Knative serves one port of one container)");
            return p;
        }
        container(p, map(p, "containers[0]", list.get(0)));
        return p;
    }

    private static void annotation(List<String> p, String key, Object value) {
        if (!key.startsWith(A)) {
            return;
        }
        String where = "annotations." + key;
        if (!AUTOSCALING_KEYS.contains(key)) {
            p.add(where + ": not an annotation Knative Serving knows");
            return;
        }
        if (!(value instanceof String v)) {
            p.add(where + ": must be a string, was " + value);
            return;
        }
        switch (key.substring(A.length())) {
            case "class" -> oneOf(p, where, v, Set.of("kpa.autoscaling.knative.dev", "hpa.autoscaling.knative.dev"));
            case "metric" -> oneOf(p, where, v, Set.of("concurrency", "rps", "cpu", "memory"));
            case "min-scale", "max-scale", "initial-scale" -> {
                if (!v.matches("\\d+")) {
                    p.add(where + " = " + v + ": must be an integer >= 0");
                }
            }
            case "target-utilization-percentage" -> {
                if (!v.matches("\\d+(\\.\\d+)?") || Double.parseDouble(v) < 1 || Double.parseDouble(v) > 100) {
                    p.add(where + " = " + v + ": must be 1-100");
                }
            }
            case "scale-down-delay" -> {
                if (!GO_DURATION.matcher(v).matches() || v.matches("\\d+s") && Long.parseLong(v.replace("s", "")) > 3600) {
                    p.add(where + " = " + v + ": must be a duration of 0s-1h");
                }
            }
            default -> {
            }
        }
    }

    private static void container(List<String> p, Map<String, Object> c) {
        if (!(c.get("image") instanceof String image) || image.isBlank()) {
            p.add("containers[0].image: required");
        }
        Object ports = c.get("ports");
        if (ports instanceof List<?> list) {
            if (list.size() > 1) {
                p.add("containers[0].ports: at most one");
            }
            for (Object o : list) {
                Map<String, Object> port = map(p, "containers[0].ports[0]", o);
                integer(p, "containers[0].ports[0].containerPort", port.get("containerPort"), 1, 65535);
                if (port.containsKey("name")) {
                    oneOf(p, "containers[0].ports[0].name", String.valueOf(port.get("name")), Set.of("http1", "h2c"));
                }
            }
        }
        if (c.get("env") instanceof List<?> env) {
            for (Object o : env) {
                Map<String, Object> e = map(p, "containers[0].env[]", o);
                Object name = e.get("name");
                matches(p, "containers[0].env[].name", name, ENV_NAME, "a C identifier-like name");
                if (RESERVED_ENV.contains(name)) {
                    p.add("containers[0].env[].name = " + name + ": reserved by Knative");
                }
                if (e.containsKey("value") && !(e.get("value") instanceof String)) {
                    p.add("containers[0].env[" + name + "].value: must be a string");
                }
            }
        }
        if (c.get("resources") instanceof Map<?, ?> r) {
            for (String kind : List.of("requests", "limits")) {
                if (r.get(kind) instanceof Map<?, ?> q) {
                    q.forEach((k, v) -> matches(p, "resources." + kind + "." + k, v, QUANTITY, "a Kubernetes quantity"));
                }
            }
        }
        for (String forbidden : List.of("lifecycle", "stdin", "tty", "volumeDevices")) {
            if (c.containsKey(forbidden)) {
                p.add("containers[0]." + forbidden + ": not allowed by Knative");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(List<String> p, String where, Object o) {
        if (o instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        p.add(where + ": required object");
        return Map.of();
    }

    private static void equal(List<String> p, String where, Object actual, String expected) {
        if (!expected.equals(actual)) {
            p.add(where + " = " + actual + ": must be " + expected);
        }
    }

    private static void matches(List<String> p, String where, Object v, Pattern pattern, String rule) {
        if (!(v instanceof String s) || !pattern.matcher(s).matches()) {
            p.add(where + " = " + v + ": must be " + rule);
        }
    }

    private static void oneOf(List<String> p, String where, String v, Set<String> allowed) {
        if (!allowed.contains(v)) {
            p.add(where + " = " + v + ": must be one of " + allowed);
        }
    }

    private static void integer(List<String> p, String where, Object v, long min, long max) {
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.longValue() < min || n.longValue() > max) {
            p.add(where + " = " + v + ": must be an integer " + min + "-" + max);
        }
    }
}
