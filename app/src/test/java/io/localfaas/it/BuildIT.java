package io.localfaas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import io.localfaas.Invocation;
import io.localfaas.cli.Main;
import io.localfaas.protocol.InvokeRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code faas build} on the real engine: a python3 function's requirements.txt (a wheel beside it: PyPI is not reachable
 * here) and a nodejs18 function's package.json (from the npm registry) are installed into their code folders inside the
 * runtime images, and the python function then imports what was vendored.
 */
@Timeout(value = 900, unit = TimeUnit.SECONDS)
class BuildIT {
    /** A minimal pure-Python wheel: package {@code minipkg} with {@code VALUE}. */
    static void wheel(Path file) throws Exception {
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(file))) {
            entry(z, "minipkg/__init__.py", "VALUE = 'vendored by faas build'\n");
            entry(z, "minipkg-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: minipkg\nVersion: 1.0\n");
            entry(z, "minipkg-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\nGenerator: localfaas-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n");
            entry(z, "minipkg-1.0.dist-info/RECORD", "minipkg/__init__.py,,\nminipkg-1.0.dist-info/METADATA,,\n"
                    + "minipkg-1.0.dist-info/WHEEL,,\nminipkg-1.0.dist-info/RECORD,,\n");
        }
    }

    private static void entry(ZipOutputStream z, String name, String text) throws Exception {
        z.putNextEntry(new ZipEntry(name));
        z.write(text.getBytes(StandardCharsets.UTF_8));
        z.closeEntry();
    }

    @Test
    void dependenciesAreInstalledInTheRuntimeImageAndTheFunctionUsesThem(@TempDir Path dir) throws Exception {
        Path py = Files.createDirectories(dir.resolve("py"));
        wheel(py.resolve("minipkg-1.0-py3-none-any.whl"));
        Files.writeString(py.resolve("requirements.txt"), "./minipkg-1.0-py3-none-any.whl\n");
        Files.writeString(py.resolve("index.py"), "import minipkg\n\ndef handler(event, context):\n    return minipkg.VALUE\n");
        Path node = Files.createDirectories(dir.resolve("node"));
        Files.writeString(node.resolve("package.json"), "{\"name\": \"fn\", \"version\": \"1.0.0\", \"dependencies\": {\"ms\": \"2.1.3\"}}");
        Path config = dir.resolve("faas.yaml");
        Files.writeString(config, "service: build\nplatform: {host: 127.0.0.1, port: 0}\nfunctions:\n"
                + "  py: {runtime: python3, codeUri: ./py, handler: index.handler}\n"
                + "  node: {runtime: nodejs18, codeUri: ./node, handler: index.handler}\n");

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "build", "--config", config.toString());
        assertEquals(0, exit, out + "\n" + err);
        assertTrue(Files.isRegularFile(py.resolve("minipkg/__init__.py")), "pip installed into the code folder: " + out);
        assertTrue(Files.isRegularFile(node.resolve("node_modules/ms/package.json")), "npm installed into the code folder: " + out);
        assertTrue(out.toString().contains("  | "), "the installers' output is shown: " + out);

        try (RunningPlatform platform = new RunningPlatform(config)) {
            Invocation inv = platform.scheduler.invoke("py", InvokeRequest.event(UUID.randomUUID().toString(), new byte[0]));
            assertFalse(inv.response().isFunctionError(), new String(inv.response().body(), StandardCharsets.UTF_8));
            assertEquals("vendored by faas build", new String(inv.response().body(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aFailingInstallSaysWhichFunctionAndExitsOne(@TempDir Path dir) throws Exception {
        Path py = Files.createDirectories(dir.resolve("py"));
        Files.writeString(py.resolve("requirements.txt"), "./no-such-file-1.0-py3-none-any.whl\n");
        Path config = dir.resolve("faas.yaml");
        Files.writeString(config, "service: build\nfunctions:\n  py: {runtime: python3, codeUri: ./py, handler: index.handler}\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "build", "py", "--config", config.toString());
        assertEquals(1, exit, out + "\n" + err);
        assertTrue(err.toString().contains("faas build: py: pip failed"), err.toString());
        assertTrue(out.toString().contains("no-such-file"), "pip's own message is shown: " + out);
    }
}
