package io.localfaas.it;

import java.nio.file.Path;

import org.junit.jupiter.api.Timeout;

/** The conformance suite against the python3 runtime image (fixture: src/test/resources/conformance/python3/index.py). */
@Timeout(600)
class Python3ConformanceIT extends RuntimeConformance {
    @Override
    String runtime() {
        return "python3";
    }

    @Override
    Path code() {
        return Path.of("src", "test", "resources", "conformance", "python3");
    }

    @Override
    String handler(String role) {
        return "index." + role;
    }
}
