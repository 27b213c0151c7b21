package io.localfaas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.localfaas.Invocation;
import io.localfaas.protocol.InvokeRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Layers on the real engine: a nodejs18 function requires a module from its layer ({@code /opt/nodejs/node_modules}), a
 * python3 function imports one ({@code /opt/python}) and runs a tool from the layer's {@code bin} (on {@code PATH}); the
 * python function's layer is an FC ARN mapped to the {@code layers/} folder beside the project file; a custom-runtime
 * server (its own network namespace, the custom image) reads a file of the same layer the nodejs18 function uses.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class LayersIT {
    private static Path write(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    @Test
    void functionsFindWhatTheirLayersBringUnderOpt(@TempDir Path dir) throws Exception {
        write(dir.resolve("shared/nodejs/node_modules/greeting/index.js"), "module.exports = (n) => 'hello ' + n + ' from a layer';\n");
        write(dir.resolve("node/index.js"), "const greeting = require('greeting');\n"
                + "exports.handler = (event, context, callback) => callback(null, greeting(event.toString()));\n");
        write(dir.resolve("layers/pytools/python/layer_greeting.py"), "def greet(n):\n    return 'hi ' + n + ' from a layer'\n");
        Path tool = write(dir.resolve("layers/pytools/bin/layer-tool"), "#!/bin/sh\necho tool ran\n");
        tool.toFile().setExecutable(true, false);
        write(dir.resolve("py/index.py"), "import shutil\nimport subprocess\nimport layer_greeting\n\n"
                + "def handler(event, context):\n"
                + "    out = subprocess.run([shutil.which('layer-tool')], capture_output=True, text=True).stdout.strip()\n"
                + "    return layer_greeting.greet(event.decode()) + ', ' + out\n");
        write(dir.resolve("shared/data/greeting.txt"), "greetings from a layer\n");
        write(dir.resolve("web/server.js"), "const fs = require('fs');\n"
                + "require('http').createServer((req, res) => res.end(fs.readFileSync('/opt/data/greeting.txt', 'utf8').trim()))\n"
                + "  .listen(parseInt(process.env.FC_SERVER_PORT || '9000', 10), '0.0.0.0');\n");
        Path config = write(dir.resolve("faas.yaml"), "service: layers\nplatform: {host: 127.0.0.1, port: 0, startTimeout: 60s}\nfunctions:\n"
                + "  node: {runtime: nodejs18, codeUri: ./node, handler: index.handler, layers: [./shared]}\n"
                + "  py: {runtime: python3, codeUri: ./py, handler: index.handler, "
                + "layers: ['acs:fc:cn-hangzhou:1234567:layers/pytools/versions/2']}\n"
                + "  web: {runtime: custom, codeUri: ./web, customRuntimeConfig: {command: [node, server.js]}, layers: [./shared]}\n");
        try (RunningPlatform platform = new RunningPlatform(config)) {
            assertEquals("hello node from a layer", call(platform, "node", "node"));
            assertEquals("hi py from a layer, tool ran", call(platform, "py", "py"));
            assertEquals("greetings from a layer", call(platform, "web", "any event"));
        }
    }

    private static String call(RunningPlatform platform, String function, String event) {
        Invocation inv = platform.scheduler.invoke(function, InvokeRequest.event(UUID.randomUUID().toString(), event.getBytes(StandardCharsets.UTF_8)));
        String body = new String(inv.response().body(), StandardCharsets.UTF_8);
        assertFalse(inv.response().isFunctionError(), body);
        return body;
    }
}
