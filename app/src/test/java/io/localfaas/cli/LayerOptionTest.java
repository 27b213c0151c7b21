package io.localfaas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.localfaas.spec.AppSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code faas up --layer NAME=PATH}: an ARN's layer maps to the folder given, for this load and every reload. */
class LayerOptionTest {
    @Test
    void theOptionMapsALayerArnToAFolder(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("code"));
        Files.createDirectories(dir.resolve("elsewhere/deps/python"));
        Path file = Files.writeString(dir.resolve("s.yaml"), "edition: 3.0.0\nname: app\nresources:\n  fn:\n    component: fc3\n    props:\n"
                + "      region: cn-hangzhou\n      functionName: fn\n      runtime: python3.10\n      code: ./code\n      handler: index.handler\n"
                + "      layers: ['acs:fc:cn-hangzhou:1234:layers/my-deps/versions/7']\n");
        StringWriter err = new StringWriter();
        assertTrue(ConfigFiles.load(file, new PrintWriter(err, true)).isEmpty(), "unmapped without the option");
        assertTrue(err.toString().contains("faas up --layer my-deps=PATH"), err.toString());

        ConfigOptions withLayer = ConfigOptions.NONE.withLayers(Map.of("my-deps", dir.resolve("elsewhere/deps")));
        AppSpec app = ConfigFiles.load(file, withLayer, new PrintWriter(new StringWriter(), true)).orElseThrow();
        assertEquals(dir.resolve("elsewhere/deps"), app.function("fn").orElseThrow().mounts().get(0).source());
    }
}
