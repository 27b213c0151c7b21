package io.localfaas.gateway;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.localfaas.spec.FunctionSpec;
import io.localfaas.spec.SpecLoader;

/** Function specs for the gateway's tests, read from YAML as users write it (so validation and defaults apply). */
final class TestSpecs {
    private TestSpecs() {
    }

    /** The one function of a native file written into {@code dir}; {@code function} is its entry under {@code functions:}. */
    static FunctionSpec function(Path dir, String function) throws Exception {
        Path file = dir.resolve("f" + System.nanoTime() + ".yaml");
        Files.writeString(file, "service: s\nfunctions:\n  " + function);
        return SpecLoader.read(file, Map.of()).app().functions().get(0);
    }
}
