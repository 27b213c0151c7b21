package io.localfaas.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

import io.localfaas.backend.InstanceLaunch;
import io.localfaas.backend.NoOpBackend;
import io.localfaas.backend.RunningInstance;
import io.localfaas.spec.CodeMode;
import io.localfaas.spec.FunctionSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The launch plan is made from the spec of each start: no function list fixed at construction, so a reload that adds
 * or changes a function can never start it from a stale or missing plan; function images are shared by content.
 */
class FunctionImageBackendTest {
    private static final String NODE = io.localfaas.spec.Runtime.NODEJS18.image(); // LOCALFAAS_IMAGE_TAG decides the tag
    private static final String JAVA = io.localfaas.spec.Runtime.JAVA17.image();

    @TempDir
    static Path dir;

    /** Stands in for a custom container's published port: accepts and stays silent, as a listening process does. */
    private static ServerSocket listening;

    private final RecordingImages images = new RecordingImages().withRuntime(NODE, "sha256:node").withRuntime(JAVA, "sha256:java")
            .withRuntime("my/app:1", "sha256:app");
    private final List<InstanceLaunch> engineStarts = new ArrayList<>();
    private final FunctionImageBackend backend = new FunctionImageBackend(new NoOpBackend() {
        @Override
        public RunningInstance start(InstanceLaunch launch) {
            engineStarts.add(launch);
            return new RunningInstance(launch.instanceId(), "c" + engineStarts.size(), "127.0.0.1", listening.getLocalPort());
        }
    }, new ImageCache(images, 10, Duration.ofMinutes(1), ImageCache.Listener.NONE), Duration.ofSeconds(5));

    @AfterEach
    void closeListener() throws Exception {
        if (listening != null) {
            listening.close();
        }
    }

    private static Path code(String name, String content) throws Exception {
        Path d = dir.resolve(name);
        Files.createDirectories(d);
        Files.writeString(d.resolve("index.js"), content);
        return d;
    }

    private static InstanceLaunch asked(FunctionSpec fn) {
        return new InstanceLaunch("i1", fn.name(), fn.instanceImage(), fn.codeUri(), 40001, fn.memorySize(), Map.of("A", "b"), Map.of("l", "v"));
    }

    private InstanceLaunch start(FunctionSpec fn) {
        backend.start(fn, asked(fn));
        return engineStarts.get(engineStarts.size() - 1);
    }

    /** What the engine was asked to start, as the table compares it. */
    record Started(String imageKind, boolean codeMounted, boolean ownNetwork) {
        static Started of(InstanceLaunch l) {
            String kind = l.image().startsWith(ImageKey.REPOSITORY + ":") ? "function image" : l.image();
            return new Started(kind, l.codeDir().isPresent(), l.customContainer().isPresent());
        }
    }

    static Stream<Arguments> specs() throws Exception {
        Path code = code("table", "exports.handler = 1");
        return Stream.of(
                Arguments.of("nodejs18, mount", Specs.nodejs("f", code, CodeMode.MOUNT), new Started(NODE, true, false)),
                Arguments.of("nodejs18, image", Specs.nodejs("f", code, CodeMode.IMAGE), new Started("function image", false, false)),
                Arguments.of("java17, mount", Specs.java17("f", code, CodeMode.MOUNT), new Started(JAVA, true, false)),
                Arguments.of("java17, image", Specs.java17("f", code, CodeMode.IMAGE), new Started("function image", false, false)),
                Arguments.of("custom container", Specs.custom("f", 9000, List.of("node"), List.of("server.js")), new Started("my/app:1", false, true)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void startsWhatTheSpecOfTheStartAsksFor(String name, FunctionSpec fn, Started expected) throws Exception {
        listening = new ServerSocket(0);
        assertEquals(expected, Started.of(start(fn)));
    }

    @Test
    void aFunctionChangedToImageModeByAReloadStartsFromItsBuiltImage() throws Exception {
        listening = new ServerSocket(0);
        Path code = code("reloaded", "v1");
        assertEquals(new Started(NODE, true, false), Started.of(start(Specs.nodejs("web", code, CodeMode.MOUNT))));
        InstanceLaunch after = start(Specs.nodejs("web", code, CodeMode.IMAGE));
        assertEquals(new Started("function image", false, false), Started.of(after));
        assertEquals(List.of(after.image()), images.builds);
    }

    @Test
    void imagesAreSharedByContentAndACodeChangeGetsANewOne() throws Exception {
        listening = new ServerSocket(0);
        Path codeA = code("a", "same code");
        Path codeB = code("b", "same code");
        Function<String, FunctionSpec> image = name -> Specs.nodejs(name, name.equals("a") ? codeA : codeB, CodeMode.IMAGE);
        String a = start(image.apply("a")).image();
        String b = start(image.apply("b")).image();
        assertEquals(a, b, "same runtime and code: one image");
        assertEquals(1, images.builds.size());

        Files.writeString(dir.resolve("a").resolve("index.js"), "changed code");
        String changed = start(image.apply("a")).image();
        assertNotEquals(a, changed, "a code change: a new image");
        assertEquals(List.of(a, changed), images.builds);
        assertEquals(b, start(image.apply("b")).image(), "b's code did not change: its image stays");
        assertTrue(images.byTag.containsKey(a));
    }

    @Test
    void aLaunchWithoutASpecIsStartedAsGiven() throws Exception {
        listening = new ServerSocket(0);
        InstanceLaunch planned = asked(Specs.nodejs("f", code("planned", "x"), CodeMode.IMAGE));
        backend.start(planned);
        assertEquals(List.of(planned), engineStarts);
        assertEquals(Optional.empty(), images.builds.stream().findAny());
    }
}
