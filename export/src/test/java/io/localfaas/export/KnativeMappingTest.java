package io.localfaas.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.knative.serving.v1.Service;
import io.localfaas.spec.AppSpec;
import io.localfaas.spec.FunctionSpec;
import io.localfaas.spec.SpecLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KnativeMappingTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Function<FunctionSpec, String> IMAGES = fn -> "registry.test/team/" + fn.service() + "-" + fn.name() + ":abc123";
    private static final KnativeOptions OPTIONS = new KnativeOptions("apps", IMAGES, KnativeOptions.DEFAULT_TARGET_UTILIZATION);

    @TempDir
    Path dir;

    /** Every function of a shipped app exports to a valid Service whose every mapped value comes from its source. */
    @ParameterizedTest
    @CsvSource({"greetings.yaml", "greetings-template.yml", "hello.yaml", "java-hello.yaml", "todo.yaml", "todo-template.yml"})
    void shippedAppsExportFieldByField(String file) throws Exception {
        AppSpec app = SpecLoader.load(Path.of("..", "config", file));
        KnativeExport export = KnativeMapping.map(app, OPTIONS);
        assertEquals(app.functions().size(), export.services().size());
        for (int i = 0; i < app.functions().size(); i++) {
            FunctionSpec fn = app.functions().get(i);
            Map<String, Object> tree = roundTrip(export.services().get(i));
            assertEquals(List.of(), KnativeServiceSchema.check(tree), fn.name());
            assertMapsFrom(fn, tree);
        }
        for (FunctionSpec fn : app.functions()) {
            fn.triggers().forEach(t -> assertTrue(export.unmapped().stream().anyMatch(u -> u.function().equals(fn.name())
                    && u.feature().contains(t.path())), "trigger " + t.path() + " of " + fn.name() + " is listed as unmapped"));
        }
        for (FunctionSpec fn : app.functions()) {
            fn.mounts().forEach(m -> assertTrue(export.unmapped().stream().anyMatch(u -> u.function().equals(fn.name())
                    && u.feature().contains(m.target())), "mount " + m.target() + " of " + fn.name() + " is listed as unmapped"));
        }
        assertTrue(export.unmapped().stream().anyMatch(u -> u.function().equals("*") && u.feature().contains("asynchronous")));
        assertTrue(export.unmapped().stream().anyMatch(u -> u.function().equals("*") && u.feature().startsWith("LOCALFAAS_GATEWAY_URL")));
    }

    @SuppressWarnings("unchecked")
    private static void assertMapsFrom(FunctionSpec fn, Map<String, Object> svc) {
        Map<String, Object> meta = (Map<String, Object>) svc.get("metadata");
        assertEquals(KnativeMapping.kubernetesName(fn.name()), meta.get("name"));
        assertEquals("apps", meta.get("namespace"));
        Map<String, Object> template = (Map<String, Object>) ((Map<String, Object>) svc.get("spec")).get("template");
        Map<String, String> a = (Map<String, String>) ((Map<String, Object>) template.get("metadata")).get("annotations");
        assertEquals(Integer.toString(fn.minInstances()), a.get("autoscaling.knative.dev/min-scale"));
        assertEquals(Integer.toString(fn.maxInstances()), a.get("autoscaling.knative.dev/max-scale"));
        assertEquals("concurrency", a.get("autoscaling.knative.dev/metric"));
        assertEquals("100", a.get("autoscaling.knative.dev/target-utilization-percentage"));
        assertEquals(fn.idleTimeout().toSeconds() + "s", a.get("autoscaling.knative.dev/scale-down-delay"));
        Map<String, Object> spec = (Map<String, Object>) template.get("spec");
        assertEquals(fn.instanceConcurrency(), spec.get("containerConcurrency"));
        assertEquals((int) fn.timeout().toSeconds(), spec.get("timeoutSeconds"));
        Map<String, Object> c = ((List<Map<String, Object>>) spec.get("containers")).get(0);
        assertEquals(IMAGES.apply(fn), c.get("image"));
        Map<String, Object> port = ((List<Map<String, Object>>) c.get("ports")).get(0);
        assertEquals(KnativeMapping.RUNTIME_PORT, port.get("containerPort"));
        Map<String, Map<String, String>> resources = (Map<String, Map<String, String>>) c.get("resources");
        assertEquals(fn.memorySize() + "Mi", resources.get("limits").get("memory"));
        assertEquals(fn.memorySize() + "Mi", resources.get("requests").get("memory"));
        assertEquals(Math.round(fn.memorySize() * 1000.0 / 1024) + "m", resources.get("requests").get("cpu"));
        Map<String, String> env = ((List<Map<String, String>>) c.get("env")).stream()
                .collect(Collectors.toMap(e -> e.get("name"), e -> e.get("value"), (x, y) -> y, LinkedHashMap::new));
        fn.environment().forEach((k, v) -> assertEquals(v, env.get(k), "env " + k));
        assertEquals(fn.handler(), env.get("FC_HANDLER"));
        assertEquals(fn.initializer().orElse(null), env.get("FC_INITIALIZER"));
        assertEquals(Long.toString(fn.initializationTimeout().toSeconds()), env.get("FC_INITIALIZATION_TIMEOUT"));
        assertEquals(Integer.toString(fn.instanceConcurrency()), env.get("FC_INSTANCE_CONCURRENCY"));
        KnativeMapping.PER_INSTANCE.forEach(k -> assertTrue(!env.containsKey(k), k + " is per instance"));
        assertEquals(fn.triggers().isEmpty() ? "event" : "http", env.get("FC_STANDALONE"));
        Map<String, Object> probe = (Map<String, Object>) c.get("readinessProbe");
        assertEquals(Map.of("port", KnativeMapping.RUNTIME_PORT), probe.get("tcpSocket"));
    }

    @Test
    void aCustomRuntimeFunctionRunsItsCommandFromItsBuiltImageOnItsPort() throws Exception {
        Files.createDirectories(dir.resolve("web"));
        AppSpec app = load("""
                service: shop
                functions:
                  web: {runtime: custom, codeUri: ./web, customRuntimeConfig: {command: [node, index.js], port: 9001}}
                  boot: {runtime: custom.debian10, codeUri: ./web}
                """);
        KnativeExport export = KnativeMapping.map(app, OPTIONS);
        var web = export.services().get(0).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals(OPTIONS.imageRef().apply(app.function("web").orElseThrow()), web.getImage());
        assertEquals(9001, web.getPorts().get(0).getContainerPort());
        assertEquals(List.of("node", "index.js"), web.getCommand());
        assertTrue(web.getEnv().stream().anyMatch(e -> e.getName().equals("FC_SERVER_PORT") && e.getValue().equals("9001")));
        assertTrue(web.getEnv().stream().noneMatch(e -> e.getName().equals("FC_STANDALONE")), "its own server, not our bootstrap");
        var boot = export.services().get(1).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals(List.of("/code/bootstrap"), boot.getCommand());
        assertEquals(9000, boot.getPorts().get(0).getContainerPort());
    }

    @Test
    void customContainerKeepsItsImagePortCommandAndArgs() throws Exception {
        AppSpec app = load("""
                service: shop
                functions:
                  cart:
                    runtime: custom-container
                    image: registry.local/cart:7
                    caPort: 9100
                    command: [node]
                    args: [server.js]
                    memorySize: 2048
                    instanceConcurrency: 50
                    minInstances: 2
                    maxInstances: 20
                    idleTimeout: 2h
                """);
        KnativeExport export = KnativeMapping.map(app, OPTIONS);
        Service s = export.services().get(0);
        var c = s.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("registry.local/cart:7", c.getImage());
        assertEquals(9100, c.getPorts().get(0).getContainerPort());
        assertEquals(List.of("node"), c.getCommand());
        assertEquals(List.of("server.js"), c.getArgs());
        assertEquals("2000m", c.getResources().getRequests().get("cpu").toString());
        assertTrue(c.getEnv().stream().anyMatch(e -> e.getName().equals("FC_SERVER_PORT") && e.getValue().equals("9100")));
        assertTrue(c.getEnv().stream().noneMatch(e -> e.getName().equals("FC_STANDALONE")), "a custom container serves on its own");
        assertEquals(50L, s.getSpec().getTemplate().getSpec().getContainerConcurrency());
        assertEquals("3600s", s.getSpec().getTemplate().getMetadata().getAnnotations().get("autoscaling.knative.dev/scale-down-delay"));
        assertTrue(export.unmapped().stream().anyMatch(u -> u.feature().equals("idleTimeout 7200s")), export.unmapped().toString());
        assertEquals(List.of(), KnativeServiceSchema.check(roundTrip(s)));
    }

    @Test
    void jwtTriggerAuthIsListedWithWhatToUseInstead() throws Exception {
        AppSpec app = load("""
                service: todo
                functions:
                  rule:
                    runtime: nodejs18
                    codeUri: code
                    handler: index.handler
                    triggers:
                      - path: /api/todos
                        methods: [GET, POST]
                        auth:
                          type: jwt
                          secret: 0123456789abcdef0123456789abcdef
                          claimsHeader: x-claims
                """);
        List<Unmapped> unmapped = KnativeMapping.map(app, OPTIONS).unmapped();
        assertTrue(unmapped.stream().anyMatch(u -> u.function().equals("rule") && u.feature().startsWith("JWT auth on trigger /api/todos (HS256")
                && u.instead().contains("RequestAuthentication") && u.instead().contains("x-claims")), unmapped.toString());
        assertTrue(unmapped.stream().anyMatch(u -> u.feature().equals("HTTP trigger /api/todos (GET,POST)")), unmapped.toString());
    }

    @ParameterizedTest
    @CsvSource({"hello, hello", "Hello_World, hello-world", "_private, fn-private", "a-, a",
            "x1234567890123456789012345678901234567890123456789012345678901234, x12345678901234567890123456789012345678901234567890123456789012"})
    void kubernetesNames(String name, String expected) {
        assertEquals(expected, KnativeMapping.kubernetesName(name));
    }

    @Test
    void optionsRejectABadNamespaceAndUtilisation() {
        assertThrows(IllegalArgumentException.class, () -> new KnativeOptions("Bad_NS", IMAGES, 100));
        assertThrows(IllegalArgumentException.class, () -> new KnativeOptions("ok", IMAGES, 0));
        assertThrows(IllegalArgumentException.class, () -> new KnativeOptions("ok", IMAGES, 101));
    }

    /** The schema check itself fails on what Knative refuses, so a passing export means something. */
    @Test
    @SuppressWarnings("unchecked")
    void schemaCheckRefusesWhatKnativeRefuses() throws Exception {
        AppSpec app = SpecLoader.load(Path.of("..", "config", "hello.yaml"));
        Map<String, Object> tree = roundTrip(KnativeMapping.map(app, OPTIONS).services().get(0));
        Map<String, Object> template = (Map<String, Object>) ((Map<String, Object>) tree.get("spec")).get("template");
        Map<String, Object> annotations = (Map<String, Object>) ((Map<String, Object>) template.get("metadata")).get("annotations");
        Map<String, Object> spec = (Map<String, Object>) template.get("spec");
        Map<String, Object> container = ((List<Map<String, Object>>) spec.get("containers")).get(0);
        ((Map<String, Object>) tree.get("metadata")).put("name", "Bad_Name");
        annotations.put("autoscaling.knative.dev/max-scale", "-1");
        annotations.put("autoscaling.knative.dev/minscale", "1");
        spec.put("containerConcurrency", 1001);
        container.remove("image");
        ((List<Map<String, Object>>) container.get("env")).add(Map.of("name", "PORT", "value", "1"));
        List<String> problems = KnativeServiceSchema.check(tree);
        assertEquals(6, problems.size(), problems.toString());
    }

    /** Knative's own CRD schema refuses what its API server would: a field it does not declare, a wrong type, a missing one. */
    @Test
    @SuppressWarnings("unchecked")
    void theCrdSchemaOfKnativeRefusesUnknownFieldsWrongTypesAndMissingContainers() throws Exception {
        AppSpec app = SpecLoader.load(Path.of("..", "config", "hello.yaml"));
        Map<String, Object> tree = roundTrip(KnativeMapping.map(app, OPTIONS).services().get(0));
        assertEquals(List.of(), KnativeCrdSchema.validate(tree), "the export as it is");
        Map<String, Object> template = (Map<String, Object>) ((Map<String, Object>) tree.get("spec")).get("template");
        Map<String, Object> spec = (Map<String, Object>) template.get("spec");
        Map<String, Object> container = ((List<Map<String, Object>>) spec.get("containers")).get(0);
        container.put("port", 9000);
        spec.put("timeoutSeconds", "600");
        ((Map<String, Object>) tree.get("spec")).put("replicas", 2);
        assertEquals(List.of("spec.template.spec.timeoutSeconds: must be an integer",
                        "spec.template.spec.containers[0].port: unknown field (the schema does not declare it)",
                        "spec.replicas: unknown field (the schema does not declare it)"),
                KnativeCrdSchema.validate(tree).stream().sorted(java.util.Comparator.comparing(s -> !s.contains("timeoutSeconds"))).toList());
        spec.remove("containers");
        assertTrue(KnativeCrdSchema.validate(tree).contains("spec.template.spec.containers: required"), KnativeCrdSchema.validate(tree).toString());
    }

    @Test
    void writesOneFilePerServiceAndTheUnmappedList() throws Exception {
        AppSpec app = SpecLoader.load(Path.of("..", "config", "greetings.yaml"));
        List<Path> files = ManifestWriter.write(KnativeMapping.map(app, OPTIONS), dir.resolve("out"));
        assertEquals(List.of("hello.yaml", "echo.yaml", "UNMAPPED.txt"), files.stream().map(p -> p.getFileName().toString()).toList());
        Map<String, Object> hello = YAML.readValue(files.get(0).toFile(), new TypeReference<>() {
        });
        assertEquals(List.of(), KnativeServiceSchema.check(hello));
        assertTrue(Files.readString(files.get(2)).contains("hello: HTTP trigger /greetings/hello (GET,POST)"));
    }

    /** The watermark policy: the HPA class on its CPU mark (else memory, in Mi); connections alone stay with the KPA. */
    @Test
    void theWatermarkPolicyMapsToTheHpaClassOrTheKpaOnConnections() throws Exception {
        AppSpec app = load("""
                service: s
                defaults: {runtime: nodejs18, codeUri: code, handler: index.handler, memorySize: 512, instanceConcurrency: 20}
                functions:
                  cpu: {scaling: {policy: watermark, watermarks: {cpu: 70%, memory: 80%}, window: 45s}}
                  mem: {scaling: {policy: watermark, watermarks: {memory: 50%}}}
                  conn: {scaling: {policy: watermark, watermarks: {connections: 8}, window: 2s}}
                """);
        KnativeExport export = KnativeMapping.map(app, OPTIONS);
        Map<String, Map<String, String>> byName = app.functions().stream().collect(Collectors.toMap(FunctionSpec::name,
                f -> KnativeMapping.autoscaling(f, OPTIONS)));
        assertEquals(Map.of("autoscaling.knative.dev/class", "hpa.autoscaling.knative.dev", "autoscaling.knative.dev/metric", "cpu",
                "autoscaling.knative.dev/target", "70", "autoscaling.knative.dev/min-scale", "1", "autoscaling.knative.dev/max-scale", "10"),
                byName.get("cpu"));
        assertEquals("memory", byName.get("mem").get("autoscaling.knative.dev/metric"));
        assertEquals("256", byName.get("mem").get("autoscaling.knative.dev/target"));
        assertEquals(Map.of("autoscaling.knative.dev/class", "kpa.autoscaling.knative.dev", "autoscaling.knative.dev/metric", "concurrency",
                "autoscaling.knative.dev/target", "8", "autoscaling.knative.dev/window", "6s",
                "autoscaling.knative.dev/scale-down-delay", "300s", "autoscaling.knative.dev/min-scale", "1",
                "autoscaling.knative.dev/max-scale", "10"), byName.get("conn"));
        List<String> unmapped = export.unmapped().stream().map(u -> u.function() + ": " + u.feature()).toList();
        assertTrue(unmapped.contains("cpu: watermark memory 80%"), unmapped.toString());
        assertTrue(unmapped.contains("cpu: scaling window 45s and idleTimeout"), unmapped.toString());
        assertTrue(unmapped.stream().noneMatch(u -> u.startsWith("conn: ")), unmapped.toString());
        for (Service s : export.services()) {
            assertEquals(List.of(), KnativeServiceSchema.check(roundTrip(s)));
        }
    }

    private AppSpec load(String yaml) throws Exception {
        Files.createDirectories(dir.resolve("code"));
        Path file = dir.resolve("app.yaml");
        Files.writeString(file, yaml);
        return SpecLoader.load(file);
    }

    private static Map<String, Object> roundTrip(Service s) throws Exception {
        return YAML.readValue(ManifestWriter.yaml(s), new TypeReference<>() {
        });
    }
}
