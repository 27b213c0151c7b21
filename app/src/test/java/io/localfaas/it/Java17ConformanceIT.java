package io.localfaas.it;

import java.nio.file.Path;

/** The conformance suite against the java17 runtime image (fixture: src/test/resources/conformance/java17, built by the project build). */
class Java17ConformanceIT extends RuntimeConformance {
    @Override
    String runtime() {
        return "java17";
    }

    @Override
    Path code() {
        return Path.of("src", "test", "resources", "conformance", "java17", "code");
    }

    @Override
    String handler(String role) {
        return "conformance.Fixture::" + (role.equals("throws") ? "fail" : role);
    }

    @Override
    String errorTypeOfThrow() {
        return "java.lang.IllegalStateException";
    }
}
