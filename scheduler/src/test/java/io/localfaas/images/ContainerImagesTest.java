package io.localfaas.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.localfaas.backend.ImageBuildException;
import io.localfaas.spec.CodeMode;
import io.localfaas.spec.FunctionSpec;
import io.localfaas.spec.Runtime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A custom container's missing image: built from the project's Dockerfile, else an error saying how to get it. */
class ContainerImagesTest {
    @TempDir
    Path dir;

    private final RecordingImages images = new RecordingImages();
    private final ContainerImages containers = new ContainerImages(images, Duration.ofMinutes(1));

    private static FunctionSpec container(Optional<Path> code) {
        return new FunctionSpec("svc", "app", Runtime.CUSTOM_CONTAINER, code, CodeMode.MOUNT, Optional.of("my/app:1"), "", Optional.empty(),
                Optional.empty(), Duration.ofSeconds(3), Duration.ofSeconds(3), 128, 1, 0, 1, Duration.ofMinutes(5), Map.of(), List.of());
    }

    @Test
    void theDockerfileIsInTheCodeFolderOrIsTheCodeUriItself() throws Exception {
        Path code = Files.createDirectories(dir.resolve("code"));
        assertEquals(Optional.empty(), ContainerImages.dockerfileOf(container(Optional.of(code))));
        Files.writeString(code.resolve("Dockerfile"), "FROM scratch\n");
        assertEquals(Optional.of(code.resolve("Dockerfile")), ContainerImages.dockerfileOf(container(Optional.of(code))));
        Path named = Files.writeString(dir.resolve("web.Dockerfile"), "FROM scratch\n");
        assertEquals(Optional.of(named), ContainerImages.dockerfileOf(container(Optional.of(named))));
        assertEquals(Optional.empty(), ContainerImages.dockerfileOf(container(Optional.empty())));
        assertEquals(Optional.empty(), ContainerImages.dockerfileOf(Specs.nodejs("f", code, CodeMode.MOUNT)), "only custom containers");
    }

    @Test
    void aMissingImageIsBuiltOnceFromItsDockerfile() throws Exception {
        Path code = Files.createDirectories(dir.resolve("code"));
        Files.writeString(code.resolve("Dockerfile"), "FROM scratch\n");
        containers.ensure(container(Optional.of(code)));
        containers.ensure(container(Optional.of(code)));
        assertEquals(List.of("my/app:1 from Dockerfile"), images.builds);
        assertEquals(code.resolve("Dockerfile").toString(), images.inspect("my/app:1").orElseThrow().labels().get(ContainerImages.BUILT_FROM));
    }

    @Test
    void anImageTheEngineHasIsNeverBuilt() throws Exception {
        images.withRuntime("my/app:1", "sha256:app");
        Path code = Files.createDirectories(dir.resolve("code"));
        Files.writeString(code.resolve("Dockerfile"), "FROM scratch\n");
        containers.ensure(container(Optional.of(code)));
        assertEquals(List.of(), images.builds);
    }

    @Test
    void withoutADockerfileTheErrorSaysDockerBuildOrDockerPull() throws Exception {
        Path code = Files.createDirectories(dir.resolve("code"));
        ImageBuildException e = assertThrows(ImageBuildException.class, () -> containers.ensure(container(Optional.of(code))));
        assertEquals("the engine has no image my/app:1 and function app has no Dockerfile in its codeUri (" + code + "): build it with"
                + " `docker build -t my/app:1 " + code + "` or pull it with `docker pull my/app:1`", e.getMessage());
        e = assertThrows(ImageBuildException.class, () -> containers.ensure(container(Optional.empty())));
        assertEquals("the engine has no image my/app:1 and function app has no Dockerfile (no codeUri naming a folder with one): build it"
                + " with `docker build -t my/app:1 DIR` or pull it with `docker pull my/app:1`", e.getMessage());
    }
}
