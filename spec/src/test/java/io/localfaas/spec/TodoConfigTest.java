package io.localfaas.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * config/todo.yaml and its Funcraft twin config/todo-template.yml describe the same app: every function key the template
 * can express is equal; the differences are exactly the ones the template's header lists.
 */
class TodoConfigTest {
    private static final Path CONFIG = Path.of("..", "config");
    /** Variables that name trigger paths, which differ because a template's paths are /<service>/<function>. */
    private static final Set<String> PATH_VARIABLES = Set.of("USER_API_PATH", "TODOS_API_PATH", "TODO_SERVICE_PATH");

    private static Map<String, Object> expressible(FunctionSpec f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("service", f.service());
        m.put("runtime", f.runtime());
        m.put("codeUri", f.codeUri());
        m.put("handler", f.handler());
        m.put("initializer", f.initializer());
        m.put("initializationTimeout", f.initializationTimeout());
        m.put("timeout", f.timeout());
        m.put("memorySize", f.memorySize());
        m.put("instanceConcurrency", f.instanceConcurrency());
        Map<String, String> env = new LinkedHashMap<>(f.environment());
        env.keySet().removeAll(PATH_VARIABLES);
        if (f.name().equals("todo")) {
            env.remove("JWT_SECRET"); // the template's todo checks tokens itself
        }
        m.put("environment", env);
        m.put("methods", f.triggers().stream().flatMap(t -> t.methods().stream()).sorted().distinct().toList());
        return m;
    }

    @Test
    void theTemplateLoadsIntoTheSameFunctionsExceptWhatItCannotExpress() throws ConfigException {
        AppSpec nativeApp = SpecLoader.read(CONFIG.resolve("todo.yaml"), Map.of()).app();
        AppSpec template = SpecLoader.read(CONFIG.resolve("todo-template.yml"), Map.of()).app();
        assertEquals(nativeApp.functions().stream().map(FunctionSpec::name).toList(),
                template.functions().stream().map(FunctionSpec::name).toList());
        for (FunctionSpec n : nativeApp.functions()) {
            FunctionSpec t = template.function(n.name()).orElseThrow();
            assertEquals(expressible(n), expressible(t), n.name());
            assertTrue(t.triggers().stream().allMatch(x -> x.auth().type() == AuthSpec.Type.NONE), "a template has no JWT triggers");
            assertEquals(List.of("/todo/" + n.name()), t.triggers().stream().map(TriggerSpec::path).toList());
            // NasConfig is a service setting: every function of the template's service mounts it (natively user and todo).
            assertEquals(List.of("/mnt/todo"), t.mounts().stream().map(MountSpec::target).toList());
            assertEquals(n.name().equals("user") || n.name().equals("todo") ? List.of("/mnt/todo") : List.of(),
                    n.mounts().stream().map(MountSpec::target).toList());
        }
        // What the native file says that the template cannot: JWT triggers, the reserved data service, the admin API.
        assertTrue(nativeApp.function("rule").orElseThrow().triggers().get(0).auth().type() == AuthSpec.Type.JWT);
        assertEquals(1, nativeApp.function("todo").orElseThrow().minInstances());
        assertEquals(0, template.function("todo").orElseThrow().minInstances());
    }
}
