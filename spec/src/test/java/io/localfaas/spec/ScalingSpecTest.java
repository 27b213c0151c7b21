package io.localfaas.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The native {@code scaling:} block: what it loads into, its defaults, and where minInstances comes from. */
class ScalingSpecTest {
    @TempDir
    Path dir;

    private SpecLoader.Loaded load(String function) throws IOException, ConfigException {
        Path file = dir.resolve("f.yaml");
        Files.writeString(file, "service: s\nfunctions:\n  f:\n    runtime: nodejs18\n    codeUri: .\n    handler: index.handler\n"
                + function.indent(4));
        return SpecLoader.read(file, Map.of());
    }

    private FunctionSpec spec(String function) throws IOException, ConfigException {
        return load(function).app().functions().get(0);
    }

    @Test
    void noBlockIsFcConcurrencyRuleWithNoReservedInstance() throws Exception {
        FunctionSpec f = spec("");
        assertEquals(ScalingSpec.CONCURRENCY, f.scaling());
        assertEquals(0, f.minInstances());
    }

    @Test
    void watermarkBlockLoadsEveryMarkAndKeepsOneInstanceByDefault() throws Exception {
        FunctionSpec f = spec("""
                instanceConcurrency: 100
                scaling:
                  policy: watermark
                  watermarks: {cpu: 70%, memory: 80, connections: 50}
                  window: 45s
                """);
        assertEquals(new ScalingSpec(ScalingSpec.Policy.WATERMARK,
                new ScalingSpec.Watermarks(OptionalInt.of(70), OptionalInt.of(80), OptionalInt.of(50)), Duration.ofSeconds(45)), f.scaling());
        assertEquals(1, f.minInstances());
    }

    @Test
    void keepAliveIsFixedUnlessTheHistogramIsAskedFor() throws Exception {
        assertEquals(ScalingSpec.KeepAlive.FIXED, spec("idleTimeout: 10m").scaling().keepAlive());
        FunctionSpec h = spec("scaling: {keepAlive: histogram}");
        assertEquals(ScalingSpec.KeepAlive.HISTOGRAM, h.scaling().keepAlive());
        assertEquals(ScalingSpec.Policy.CONCURRENCY, h.scaling().policy());
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () -> spec("scaling: {keepAlive: forever}"));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("must be one of fixed, histogram"), e.getMessage());
    }

    @Test
    void anySubsetOfMarksWithTheDefaultWindow() throws Exception {
        FunctionSpec f = spec("scaling: {policy: watermark, watermarks: {memory: 60%}}");
        assertEquals(new ScalingSpec.Watermarks(OptionalInt.empty(), OptionalInt.of(60), OptionalInt.empty()), f.scaling().watermarks());
        assertEquals(ScalingSpec.DEFAULT_WINDOW, f.scaling().window());
    }

    @Test
    void minInstancesInTheBlockOrAtTheFunctionOrBothWhenEqual() throws Exception {
        assertEquals(0, spec("scaling: {policy: watermark, watermarks: {cpu: 50%}, minInstances: 0}").minInstances());
        assertEquals(3, spec("minInstances: 3\nscaling: {policy: watermark, watermarks: {cpu: 50%}}").minInstances());
        assertEquals(2, spec("minInstances: 2\nscaling: {policy: watermark, watermarks: {cpu: 50%}, minInstances: 2}").minInstances());
        assertEquals(2, spec("scaling: {minInstances: 2}").minInstances());
    }

    @Test
    void marksUnderTheConcurrencyPolicyAreKeptAsWarnings() throws Exception {
        SpecLoader.Loaded loaded = load("scaling: {policy: concurrency, watermarks: {cpu: 50%}, window: 10s}");
        assertEquals(ScalingSpec.Policy.CONCURRENCY, loaded.app().functions().get(0).scaling().policy());
        assertEquals(List.of(
                        "functions.f.scaling.watermarks: ignored under policy: concurrency (used by policy: watermark)",
                        "functions.f.scaling.window: ignored under policy: concurrency (used by policy: watermark)"),
                loaded.warnings().stream().map(p -> p.toString().replaceAll("^.*?:\\d+:\\d+: (warning: )?", "")).toList());
    }

    @Test
    void changingInstanceConcurrencyKeepsTheScalingBlockAndMounts() throws Exception {
        FunctionSpec f = spec("""
                instanceConcurrency: 4
                mounts: [{source: data, target: /mnt/data}]
                scaling: {policy: watermark, watermarks: {cpu: 50%}}
                """);
        FunctionSpec g = f.withInstanceConcurrency(8);
        assertEquals(8, g.instanceConcurrency());
        assertEquals(f.scaling(), g.scaling());
        assertEquals(f.mounts(), g.mounts());
    }

    @Test
    void theBlockIsInheritedFromDefaults() throws Exception {
        Path file = dir.resolve("d.yaml");
        Files.writeString(file, """
                service: s
                defaults:
                  scaling: {policy: watermark, watermarks: {cpu: 50%}}
                functions:
                  f: {runtime: nodejs18, codeUri: ., handler: index.handler}
                """);
        FunctionSpec f = SpecLoader.read(file, Map.of()).app().functions().get(0);
        assertEquals(ScalingSpec.Policy.WATERMARK, f.scaling().policy());
        assertEquals(1, f.minInstances());
    }
}
