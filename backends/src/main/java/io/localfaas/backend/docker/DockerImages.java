package io.localfaas.backend.docker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.api.model.PushResponseItem;
import io.localfaas.backend.ImageBackend;
import io.localfaas.backend.ImageBuild;
import io.localfaas.backend.ImageBuildException;
import io.localfaas.backend.ImageInfo;

/**
 * {@link ImageBackend} on the Docker engine. A build copies the code next to a two-line Dockerfile in a temporary
 * directory and sends that as the build context (no network, no pull: the base is a local runtime image); it is
 * bounded by the build's timeout, every other call by the client's response timeout.
 */
public final class DockerImages implements ImageBackend {
    /** A push goes to a registry over the network: bounded on its own, longer than one engine call. */
    private static final Duration PUSH_TIMEOUT = Duration.ofMinutes(10);

    private final DockerEngine engine;
    private final boolean ownsEngine;
    private final DockerClient docker;
    private final String host;

    private DockerImages(DockerEngine engine, boolean ownsEngine) {
        this.engine = engine;
        this.ownsEngine = ownsEngine;
        this.docker = engine.client();
        this.host = engine.host();
    }

    /** Images on {@code engine}, which stays its owner's: closing these images leaves it open. */
    public static DockerImages on(DockerEngine engine) {
        return new DockerImages(engine, false);
    }

    /** Connects to the engine named by {@code DOCKER_HOST} (as {@link DockerBackend#connect()} does) and owns it. */
    public static DockerImages connect() {
        return new DockerImages(DockerEngine.fromEnvironment().pingOrClose(), true);
    }

    /** The engine these images are on. */
    public DockerEngine engine() {
        return engine;
    }

    @Override
    public Optional<ImageInfo> inspect(String reference) {
        return call("inspect image " + reference, () -> {
            try {
                InspectImageResponse r = docker.inspectImageCmd(reference).exec();
                Map<String, String> labels = r.getConfig() == null || r.getConfig().getLabels() == null ? Map.of() : r.getConfig().getLabels();
                return Optional.of(new ImageInfo(r.getId(), r.getRepoTags() == null ? List.of() : r.getRepoTags(),
                        r.getSize() == null ? 0 : r.getSize(), labels));
            } catch (NotFoundException e) {
                return Optional.empty();
            }
        });
    }

    @Override
    public ImageInfo build(ImageBuild build) {
        Path context = null;
        try {
            context = Files.createTempDirectory("localfaas-build");
            copy(build.code(), context.resolve("code"));
            Files.writeString(context.resolve("Dockerfile"), build.dockerfile());
            Path dir = context;
            String id = call("build image " + build.tag(), () -> {
                try {
                    return docker.buildImageCmd(dir.toFile())
                            .withTags(Set.of(build.tag()))
                            .withLabels(build.labels())
                            .withPull(false)
                            .withRemove(true)
                            .withForcerm(true)
                            .exec(new BuildImageResultCallback())
                            .awaitImageId(build.timeout().toMillis(), TimeUnit.MILLISECONDS);
                } catch (DockerClientException | DockerException e) {
                    throw new ImageBuildException("building " + build.tag() + " FROM " + build.fromImage() + " failed: "
                            + String.valueOf(e.getMessage()).trim(), e);
                }
            });
            return inspect(id).orElseThrow(() -> new ImageBuildException("the engine built " + build.tag() + " but does not list it", null));
        } catch (IOException e) {
            throw new ImageBuildException("cannot prepare the build context of " + build.tag() + " from " + build.code() + ": " + e.getMessage(), e);
        } finally {
            if (context != null) {
                delete(context);
            }
        }
    }

    @Override
    public ImageInfo buildDockerfile(Path context, Path dockerfile, String tag, Map<String, String> labels, Duration timeout,
                                     Consumer<String> output) {
        Deque<String> last = new ArrayDeque<>();
        String id = call("build image " + tag + " from " + dockerfile, () -> {
            // The streaming client: a RUN step may stay silent for longer than one engine call may take; the await bounds it.
            try {
                return engine.streaming().buildImageCmd()
                        .withBaseDirectory(context.toFile())
                        .withDockerfile(dockerfile.toFile())
                        .withTags(Set.of(tag))
                        .withLabels(labels)
                        .withNetworkMode("host")
                        .withRemove(true)
                        .withForcerm(true)
                        .exec(new BuildImageResultCallback() {
                            @Override
                            public void onNext(BuildResponseItem item) {
                                String text = item.getStream() != null ? item.getStream()
                                        : item.getErrorDetail() != null ? item.getErrorDetail().getMessage() : null;
                                if (text != null) {
                                    text.lines().filter(l -> !l.isBlank()).forEach(l -> {
                                        output.accept(l);
                                        synchronized (last) {
                                            last.addLast(l);
                                            if (last.size() > 20) {
                                                last.removeFirst();
                                            }
                                        }
                                    });
                                }
                                super.onNext(item);
                            }
                        })
                        .awaitImageId(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (DockerClientException | DockerException e) {
                String tail;
                synchronized (last) {
                    tail = String.join("\n", last);
                }
                throw new ImageBuildException("building " + tag + " from " + dockerfile + " failed: " + String.valueOf(e.getMessage()).trim()
                        + (tail.isEmpty() ? "" : "; its last output:\n" + tail), e);
            }
        });
        return inspect(id).orElseThrow(() -> new ImageBuildException("the engine built " + tag + " but does not list it", null));
    }

    @Override
    public List<ImageInfo> list(Map<String, String> labels) {
        List<Image> images = call("list images", () -> docker.listImagesCmd().withLabelFilter(labels).exec());
        return images.stream()
                .map(i -> new ImageInfo(i.getId(), i.getRepoTags() == null ? List.of() : Arrays.asList(i.getRepoTags()),
                        i.getSize() == null ? 0 : i.getSize(), i.getLabels() == null ? Map.of() : i.getLabels()))
                .toList();
    }

    @Override
    public void save(String reference, Path tarball) {
        call("save image " + reference, () -> {
            try (var in = docker.saveImageCmd(reference).exec()) {
                Files.createDirectories(tarball.toAbsolutePath().getParent());
                Files.copy(in, tarball, StandardCopyOption.REPLACE_EXISTING);
                return null;
            } catch (NotFoundException e) {
                throw new ImageBuildException("cannot save " + reference + ": the engine has no such image", e);
            } catch (IOException e) {
                throw new ImageBuildException("cannot write " + reference + " to " + tarball + ": " + e.getMessage(), e);
            }
        });
    }

    @Override
    public void push(String reference) {
        call("push image " + reference, () -> {
            String[] error = {null};
            try {
                boolean done = docker.pushImageCmd(reference).exec(new ResultCallback.Adapter<PushResponseItem>() {
                    @Override
                    public void onNext(PushResponseItem item) {
                        if (item.isErrorIndicated()) {
                            error[0] = item.getErrorDetail() != null ? item.getErrorDetail().getMessage() : item.getError();
                        }
                    }
                }).awaitCompletion(PUSH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                if (!done) {
                    throw new ImageBuildException("pushing " + reference + " did not finish within " + PUSH_TIMEOUT.toSeconds() + " s", null);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ImageBuildException("pushing " + reference + " was interrupted", e);
            } catch (DockerClientException | DockerException e) {
                throw new ImageBuildException("pushing " + reference + " failed: " + String.valueOf(e.getMessage()).trim(), e);
            }
            if (error[0] != null) {
                throw new ImageBuildException("pushing " + reference + " failed: " + error[0].trim(), null);
            }
            return null;
        });
    }

    @Override
    public boolean removeIfUnused(String reference) {
        return call("remove image " + reference, () -> {
            try {
                docker.removeImageCmd(reference).withForce(false).exec();
                return true;
            } catch (NotFoundException e) {
                return true;
            } catch (ConflictException e) {
                return false;
            }
        });
    }

    /**
     * Copies the code into the build context without following links: a link stays a link (its target is checked to stay
     * inside the code folder, see {@link CodeLinks}), so that a link to a host file never puts that file into an image.
     */
    private static void copy(Path code, Path target) throws IOException {
        Files.createDirectories(target);
        if (Files.isRegularFile(code, LinkOption.NOFOLLOW_LINKS)) {
            Files.copy(code, target.resolve(code.getFileName()), StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
            return;
        }
        Path root = code.toRealPath();
        try (Stream<Path> files = Files.walk(code)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path to = target.resolve(code.relativize(p).toString());
                if (Files.isSymbolicLink(p)) {
                    Path link = Files.readSymbolicLink(p);
                    Optional<String> escape = CodeLinks.escape(root, root.resolve(code.relativize(p).toString()), link);
                    if (escape.isPresent()) {
                        throw new ImageBuildException(escape.get(), null);
                    }
                    Files.createSymbolicLink(to, link);
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(to);
                } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.copy(p, to, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                }
            }
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a temporary directory left behind is harmless
        }
    }

    private <T> T call(String what, Supplier<T> action) {
        return EngineCalls.call(host, what, action);
    }

    @Override
    public void close() {
        if (ownsEngine) {
            engine.close();
        }
    }
}
