package io.localfaas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.localfaas.spec.CodeMode;
import io.localfaas.spec.FunctionSpec;
import io.localfaas.spec.Runtime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** {@code faas build}: the plan per runtime and manifest (a table), and the command's runs through a recording runner. */
class BuildCommandTest {
    private static final Path CODE = Path.of("/work/fn");

    private static FunctionSpec fn(Runtime runtime) {
        return new FunctionSpec("s", "f", runtime, runtime == Runtime.CUSTOM_CONTAINER ? Optional.empty() : Optional.of(CODE),
                CodeMode.MOUNT, runtime == Runtime.CUSTOM_CONTAINER ? Optional.of("my/app:1") : Optional.empty(),
                runtime == Runtime.CUSTOM_CONTAINER ? "" : "index.handler", Optional.empty(), Optional.empty(), Duration.ofSeconds(3),
                Duration.ofSeconds(3), 128, 1, 0, 1, Duration.ofMinutes(5), Map.of(), List.of());
    }

    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource(delimiter = '|', textBlock = """
            python3          | requirements.txt | install requirements.txt in localfaas/runtime-python3
            python3          | package.json     | skip: no requirements.txt in /work/fn
            nodejs18         | package.json     | install package.json in localfaas/build-nodejs18
            nodejs18         | requirements.txt | skip: no package.json in /work/fn
            java17           | pom.xml          | skip: a java17 function is built with its own build tool
            custom-container | Dockerfile       | skip: a custom container brings its dependencies in its image
            """)
    void whatABuildDoes(String runtime, String present, String expected) {
        List<BuildPlan.Step> steps = BuildPlan.of(fn(Runtime.byId(runtime).orElseThrow()), p -> p.equals(CODE.resolve(present)));
        assertEquals(1, steps.size());
        String got = steps.get(0) instanceof BuildPlan.Install i ? "install " + i.manifest() + " in " + i.image()
                : "skip: " + ((BuildPlan.Skip) steps.get(0)).reason();
        assertTrue(got.startsWith(expected), got);
    }

    @Test
    void theInstallerRunsInTheImageWithTheCodeMountedAndTheHostNetwork() {
        BuildPlan.Install i = (BuildPlan.Install) BuildPlan.of(fn(Runtime.PYTHON3), p -> true).get(0);
        assertEquals(List.of("docker", "run", "--rm", "--network", "host", "--user", "1000:1000", "-e", "HOME=/tmp", "-v", "/work/fn:/code",
                "-w", "/code", "--entrypoint", "sh", Runtime.PYTHON3.image(), "-c", BuildPlan.PIP), BuildPlan.dockerRun(i, "1000:1000", Optional.empty()));
        List<String> withCa = BuildPlan.dockerRun(i, "1000:1000", Optional.of(Path.of("/etc/ssl/certs/ca-certificates.crt")));
        assertTrue(String.join(" ", withCa).contains("-v /etc/ssl/certs/ca-certificates.crt:/etc/localfaas-ca.crt:ro -e NODE_EXTRA_CA_CERTS="
                + "/etc/localfaas-ca.crt -e npm_config_cafile=/etc/localfaas-ca.crt -e PIP_CERT=/etc/localfaas-ca.crt"), withCa.toString());
        assertTrue(BuildPlan.PIP.contains("--target /code -r requirements.txt"), BuildPlan.PIP);
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', textBlock = """
            /custom/ca.pem | /custom/ca.pem,/etc/ssl/certs/ca-certificates.crt | /custom/ca.pem
            ''             | /etc/ssl/certs/ca-certificates.crt                | /etc/ssl/certs/ca-certificates.crt
            ''             | /etc/pki/tls/certs/ca-bundle.crt                  | /etc/pki/tls/certs/ca-bundle.crt
            /gone.pem      | ''                                                | none
            """)
    void theHostsCaBundleIsFoundWhereTheHostKeepsIt(String sslCertFile, String present, String expected) {
        Set<Path> files = present.isEmpty() ? Set.of() : Set.copyOf(java.util.Arrays.stream(present.split(",")).map(Path::of).toList());
        assertEquals(expected, BuildPlan.hostCaBundle(Map.of("SSL_CERT_FILE", sslCertFile), files::contains).map(Path::toString).orElse("none"));
    }

    record Run(int exit, String out, String err, List<List<String>> commands) {
    }

    private static Run build(Path config, int exitCode, String... args) {
        List<List<String>> commands = new ArrayList<>();
        BuildCommand cmd = new BuildCommand();
        cmd.runner = (command, stdin, timeout, out) -> {
            commands.add(command);
            out.println("  | ran " + command.get(1));
            return exitCode;
        };
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("--config", config.toString()));
        all.addAll(List.of(args));
        int exit = new CommandLine(cmd).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString(), commands);
    }

    private static Path project(Path dir) throws Exception {
        Files.createDirectories(dir.resolve("py"));
        Files.writeString(dir.resolve("py/requirements.txt"), "six\n");
        Files.createDirectories(dir.resolve("node"));
        Files.writeString(dir.resolve("node/package.json"), "{}");
        Path config = dir.resolve("faas.yaml");
        Files.writeString(config, """
                service: s
                functions:
                  py: {runtime: python3, codeUri: ./py, handler: index.handler}
                  node: {runtime: nodejs18, codeUri: ./node, handler: index.handler}
                  plain: {runtime: python3, codeUri: ./node, handler: index.handler}
                """);
        return config;
    }

    @Test
    void eachNamedFunctionIsBuiltWithItsOutputShown(@TempDir Path dir) throws Exception {
        Run run = build(project(dir), 0, "py", "node");
        assertEquals(0, run.exit(), run.err());
        assertEquals(3, run.commands().size(), "pip in the runtime image; the npm image, then npm: " + run.commands());
        assertEquals(Set.of("run", "build"), Set.copyOf(run.commands().stream().map(c -> c.get(1)).toList()));
        assertTrue(run.out().contains("py: dependencies installed in " + dir.resolve("py")), run.out());
        assertTrue(run.out().contains("  | ran run"), run.out());
    }

    @Test
    void aFunctionWithoutAManifestSaysSoAndAFailedStepExitsOne(@TempDir Path dir) throws Exception {
        Run quiet = build(project(dir), 0, "plain");
        assertEquals(0, quiet.exit());
        assertTrue(quiet.out().contains("plain: nothing to build (no requirements.txt in"), quiet.out());
        Run failed = build(project(dir), 1, "py");
        assertEquals(1, failed.exit());
        assertTrue(failed.err().contains("faas build: py: pip failed (exit 1); its output is above"), failed.err());
    }

    @Test
    void anUnknownFunctionIsExitTwoNamingTheKnownOnes(@TempDir Path dir) throws Exception {
        Run run = build(project(dir), 0, "nope");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("no function nope in ") && run.err().contains("(functions: node, plain, py)"), run.err());
        assertTrue(run.commands().isEmpty());
    }
}
