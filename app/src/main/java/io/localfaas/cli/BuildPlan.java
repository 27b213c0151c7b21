package io.localfaas.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import io.localfaas.spec.FunctionSpec;
import io.localfaas.spec.Runtime;

/**
 * Pure: what {@code faas build} does for a function. One kind of step today, installing the dependencies a manifest in
 * the code folder declares, inside the function's runtime image (so native wheels and add-ons match it); the plan is a
 * list so that other kinds (s.yaml build actions) can join it.
 */
final class BuildPlan {
    /** The folder a container sees the code at while a step runs. */
    static final String CODE = "/code";

    private BuildPlan() {
    }

    /** A step of a function's build. */
    sealed interface Step permits Install, Skip {
        String function();
    }

    /**
     * Installs {@code manifest}'s dependencies into the code folder: {@code command} runs in {@code image} (built from
     * {@code dockerfile} on top of the runtime image when not empty) with the code folder at {@link #CODE}.
     */
    record Install(String function, Path codeDir, String manifest, String image, String dockerfile, String command) implements Step {
    }

    /** Nothing to do for a function, and why. */
    record Skip(String function, String reason) implements Step {
    }

    static final String PIP = "pip install --no-cache-dir --disable-pip-version-check --no-warn-script-location --upgrade "
            + "--target " + CODE + " -r requirements.txt";
    static final String NPM = "npm install --omit=dev --no-audit --no-fund";
    /**
     * The nodejs18 runtime image has Node.js but no npm: npm runs in an image made from it with Debian's npm added (built
     * once, kept by the engine's build cache), so that add-ons compile against the runtime's own Node.js and libc.
     */
    static final String NPM_IMAGE_DOCKERFILE = "FROM %s\nUSER root\nRUN apt-get update && DEBIAN_FRONTEND=noninteractive "
            + "apt-get install -y --no-install-recommends npm ca-certificates && rm -rf /var/lib/apt/lists/*\n";

    /** The steps for {@code fn}; {@code exists} says whether a file is there. */
    static List<Step> of(FunctionSpec fn, Predicate<Path> exists) {
        List<Step> steps = new ArrayList<>();
        if (fn.runtime() == Runtime.CUSTOM_CONTAINER || fn.codeUri().isEmpty()) {
            steps.add(new Skip(fn.name(), "a custom container brings its dependencies in its image"));
            return steps;
        }
        Path code = fn.codeUri().get();
        switch (fn.runtime()) {
            case PYTHON3 -> {
                if (exists.test(code.resolve("requirements.txt"))) {
                    steps.add(new Install(fn.name(), code, "requirements.txt", fn.runtime().image(), "", PIP));
                }
            }
            case NODEJS18 -> {
                if (exists.test(code.resolve("package.json"))) {
                    steps.add(new Install(fn.name(), code, "package.json", "localfaas/build-nodejs18:" + Runtime.IMAGE_TAG,
                            String.format(NPM_IMAGE_DOCKERFILE, fn.runtime().image()), NPM));
                }
            }
            case JAVA17 -> steps.add(new Skip(fn.name(), "a java17 function is built with its own build tool (mvn package), "
                    + "and codeUri names the jar or folder it makes"));
            default -> steps.add(new Skip(fn.name(), "faas build installs dependencies of python3 and nodejs18 functions only"));
        }
        if (steps.isEmpty()) {
            steps.add(new Skip(fn.name(), "no " + (fn.runtime() == Runtime.PYTHON3 ? "requirements.txt" : "package.json") + " in " + code));
        }
        return steps;
    }

    /** Where a step's container finds the host's CA bundle. */
    static final String CA_BUNDLE = "/etc/localfaas-ca.crt";

    /**
     * The {@code docker run} that performs {@code step}, as the owner ({@code uid:gid}) of the code folder. With
     * {@code caBundle} (the host's, when it has one) the installers trust what the host trusts: a registry behind a
     * proxy with its own certificate authority works in the container as on the host.
     */
    static List<String> dockerRun(Install step, String user, java.util.Optional<Path> caBundle) {
        List<String> cmd = new ArrayList<>(List.of("docker", "run", "--rm", "--network", "host", "--user", user, "-e", "HOME=/tmp",
                "-v", step.codeDir().toAbsolutePath() + ":" + CODE));
        caBundle.ifPresent(ca -> {
            cmd.addAll(List.of("-v", ca.toAbsolutePath() + ":" + CA_BUNDLE + ":ro"));
            for (String var : List.of("NODE_EXTRA_CA_CERTS", "npm_config_cafile", "PIP_CERT", "SSL_CERT_FILE", "REQUESTS_CA_BUNDLE")) {
                cmd.addAll(List.of("-e", var + "=" + CA_BUNDLE));
            }
        });
        cmd.addAll(List.of("-w", CODE, "--entrypoint", "sh", step.image(), "-c", step.command()));
        return cmd;
    }

    /** The host's CA bundle: {@code $SSL_CERT_FILE}, else Debian's (or Red Hat's) bundle file, when it exists. */
    static java.util.Optional<Path> hostCaBundle(java.util.Map<String, String> env, Predicate<Path> exists) {
        List<String> candidates = new ArrayList<>();
        if (env.get("SSL_CERT_FILE") != null && !env.get("SSL_CERT_FILE").isBlank()) {
            candidates.add(env.get("SSL_CERT_FILE"));
        }
        candidates.addAll(List.of("/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt"));
        return candidates.stream().map(Path::of).filter(exists).findFirst();
    }
}
