package io.localfaas.it;

import java.nio.file.Path;

/** The conformance suite against the nodejs18 runtime image. */
class Nodejs18ConformanceIT extends RuntimeConformance {
    @Override
    String runtime() {
        return "nodejs18";
    }

    @Override
    Path code() {
        return Path.of("src", "test", "resources", "conformance", "nodejs18");
    }

    @Override
    String handler(String role) {
        return "index." + role;
    }
}
