package io.localfaas.images;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.localfaas.spec.CodeMode;
import io.localfaas.spec.FunctionSpec;
import io.localfaas.spec.Runtime;

final class Specs {
    private Specs() {
    }

    static FunctionSpec nodejs(String name, Path code, CodeMode mode) {
        return new FunctionSpec("svc", name, Runtime.NODEJS18, Optional.of(code), mode, Optional.empty(), "index.handler", Optional.empty(),
                Optional.empty(), Duration.ofSeconds(3), Duration.ofSeconds(3), 128, 1, 0, 1, Duration.ofMinutes(5), Map.of(), List.of());
    }

    static FunctionSpec java17(String name, Path code, CodeMode mode) {
        return new FunctionSpec("svc", name, Runtime.JAVA17, Optional.of(code), mode, Optional.empty(), "example.App::handleRequest",
                Optional.empty(), Optional.empty(), Duration.ofSeconds(3), Duration.ofSeconds(3), 256, 1, 0, 1, Duration.ofMinutes(5), Map.of(),
                List.of());
    }

    static FunctionSpec custom(String name, int caPort, List<String> command, List<String> args) {
        return new FunctionSpec("svc", name, Runtime.CUSTOM_CONTAINER, Optional.empty(), CodeMode.MOUNT, Optional.of("my/app:1"), "",
                Optional.empty(), Optional.empty(), Duration.ofSeconds(3), Duration.ofSeconds(3), 128, 1, 0, 1, Duration.ofMinutes(5), Map.of(),
                List.of(), caPort, command, args);
    }

    static FunctionSpec customRuntime(String name, Path code, CodeMode mode, int caPort, List<String> command, List<String> args) {
        return new FunctionSpec("svc", name, Runtime.CUSTOM, Optional.of(code), mode, Optional.empty(), "", Optional.empty(),
                Optional.empty(), Duration.ofSeconds(3), Duration.ofSeconds(3), 128, 1, 0, 1, Duration.ofMinutes(5), Map.of(), List.of(), caPort,
                command, args);
    }
}
