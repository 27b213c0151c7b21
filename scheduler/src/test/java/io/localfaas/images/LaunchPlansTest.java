package io.localfaas.images;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import io.localfaas.backend.CustomContainer;
import io.localfaas.backend.InstanceLaunch;
import io.localfaas.spec.CodeMode;
import io.localfaas.spec.FunctionSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LaunchPlansTest {
    private static final Path CODE = Path.of("/src/fn");
    private static final Map<String, String> ENV = Map.of("FC_SERVER_PORT", "40001", "FC_SERVER_HOST", "127.0.0.1", "FC_CUSTOM_LISTEN_PORT", "40001", "A", "b");

    private static InstanceLaunch asked() {
        return new InstanceLaunch("i1", "f", "localfaas/runtime-nodejs18:latest", Optional.of(CODE), 40001, 128, ENV, Map.of("l", "v"));
    }

    static Stream<Arguments> cases() {
        Map<String, String> customEnv = Map.of("FC_SERVER_PORT", "9000", "FC_SERVER_HOST", "0.0.0.0", "FC_CUSTOM_LISTEN_PORT", "9000", "A", "b");
        return Stream.of(
                Arguments.of("mount: as asked", Specs.nodejs("f", CODE, CodeMode.MOUNT), "localfaas/runtime-nodejs18:latest", asked()),
                Arguments.of("image: the function image, nothing mounted", Specs.nodejs("f", CODE, CodeMode.IMAGE), "localfaas/function:abc",
                        new InstanceLaunch("i1", "f", "localfaas/function:abc", Optional.empty(), 40001, 128, ENV, Map.of("l", "v"))),
                Arguments.of("custom container: own network on caPort, published on the loopback port",
                        Specs.custom("f", 9000, List.of("node"), List.of("server.js")), "my/app:1",
                        new InstanceLaunch("i1", "f", "my/app:1", Optional.empty(), 40001, 128, customEnv, Map.of("l", "v"),
                                Optional.of(new CustomContainer(9000, List.of("node"), List.of("server.js"))))),
                Arguments.of("custom runtime: the runtime image as a custom container, code mounted, its command and args",
                        Specs.customRuntime("f", CODE, CodeMode.MOUNT, 9000, List.of("node"), List.of("index.js")),
                        "localfaas/runtime-custom:latest",
                        new InstanceLaunch("i1", "f", "localfaas/runtime-custom:latest", Optional.of(CODE), 40001, 128, customEnv,
                                Map.of("l", "v"), Optional.of(new CustomContainer(9000, List.of("node"), List.of("index.js"))))),
                Arguments.of("custom runtime without a command: /code/bootstrap", Specs.customRuntime("f", CODE, CodeMode.MOUNT, 9000,
                        List.of(), List.of()), "localfaas/runtime-custom:latest",
                        new InstanceLaunch("i1", "f", "localfaas/runtime-custom:latest", Optional.of(CODE), 40001, 128, customEnv,
                                Map.of("l", "v"), Optional.of(new CustomContainer(9000, List.of("/code/bootstrap"), List.of())))),
                Arguments.of("custom runtime, code mode image: the function image, nothing mounted",
                        Specs.customRuntime("f", CODE, CodeMode.IMAGE, 8080, List.of("python3", "app.py"), List.of()),
                        "localfaas/function:abc",
                        new InstanceLaunch("i1", "f", "localfaas/function:abc", Optional.empty(), 40001, 128,
                                Map.of("FC_SERVER_PORT", "8080", "FC_SERVER_HOST", "0.0.0.0", "FC_CUSTOM_LISTEN_PORT", "8080", "A", "b"),
                                Map.of("l", "v"), Optional.of(new CustomContainer(8080, List.of("python3", "app.py"), List.of())))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void plans(String name, FunctionSpec fn, String image, InstanceLaunch expected) {
        assertEquals(expected, LaunchPlans.of(fn, asked(), image));
    }
}
