package io.localfaas.images;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.localfaas.backend.ForwardingBackend;
import io.localfaas.backend.ImageBuildException;
import io.localfaas.backend.InstanceBackend;
import io.localfaas.backend.InstanceLaunch;
import io.localfaas.backend.InstanceStartException;
import io.localfaas.backend.InstanceStatus;
import io.localfaas.backend.RunningInstance;
import io.localfaas.spec.FunctionSpec;

/**
 * An {@link InstanceBackend} that starts each function the way the spec of that start asks ({@link LaunchPlans}): from
 * its function image for code mode {@code image} (built through the {@link ImageCache} on a miss, and held in use while
 * the instance lives), or as a custom container in a network namespace of its own. It keeps no functions of its own:
 * the plan is made from the spec passed to {@link #start(FunctionSpec, InstanceLaunch)} at every start, so a function
 * added or changed by a reload starts from its own plan. For a custom container, {@code start} also waits (bounded by
 * {@code startTimeout}) until its published port reaches the process, because the engine's proxy accepts connections
 * before the process listens. A launch without a spec ({@link #start(InstanceLaunch)}) is already planned and passes
 * to the wrapped backend unchanged, as does everything else.
 */
public final class FunctionImageBackend extends ForwardingBackend {
    private final ImageCache cache;
    private final Duration startTimeout;
    private final Map<String, String> imageOf = new ConcurrentHashMap<>();

    public FunctionImageBackend(InstanceBackend delegate, ImageCache cache, Duration startTimeout) {
        super(delegate);
        this.cache = cache;
        this.startTimeout = startTimeout;
    }

    /** Builds (or finds) the image of every one of {@code functions} that runs from one, so that no cold start pays for a build. */
    public void prepare(List<FunctionSpec> functions) {
        functions.stream().filter(ImageCache::needsBuild).forEach(cache::imageFor);
        // Custom containers whose image is missing: built from the project's Dockerfile now, its output shown. A failure
        // is only logged here: every start of the function reports it (with how to get the image) until it is fixed.
        functions.stream().filter(fn -> ContainerImages.dockerfileOf(fn).isPresent()).forEach(fn -> {
            try {
                cache.containers().ensure(fn);
            } catch (ImageBuildException e) {
                org.slf4j.LoggerFactory.getLogger(FunctionImageBackend.class).warn("function {}: {}", fn.name(), e.getMessage());
            }
        });
    }

    @Override
    public RunningInstance start(FunctionSpec fn, InstanceLaunch asked) {
        bootstrapProblem(fn).ifPresent(problem -> {
            throw new InstanceStartException(problem, null);
        });
        String image;
        try {
            if (fn.runtime() == io.localfaas.spec.Runtime.CUSTOM_CONTAINER) {
                cache.containers().ensure(fn);
            }
            image = cache.imageFor(fn);
        } catch (ImageBuildException e) {
            throw new InstanceStartException(e.getMessage(), e); // the launcher names the function
        }
        RunningInstance instance;
        try {
            instance = startFrom(fn, asked, image);
        } catch (InstanceStartException e) {
            if (!ImageCache.needsBuild(fn) || !rebuiltBecauseMissing(fn)) {
                throw e;
            }
            instance = startFrom(fn, asked, image);
        }
        imageOf.put(instance.backendId(), image);
        if (fn.runtime().servesItself()) {
            try {
                awaitServing(fn, instance);
            } catch (RuntimeException e) {
                remove(instance);
                throw e;
            }
        }
        return instance;
    }

    private RunningInstance startFrom(FunctionSpec fn, InstanceLaunch asked, String image) {
        cache.acquire(image);
        try {
            return delegate.start(fn, LaunchPlans.of(fn, asked, image));
        } catch (RuntimeException e) {
            cache.release(image);
            throw e;
        }
    }

    /** After a failed start: whether the engine had lost the function image and it was built again. */
    private boolean rebuiltBecauseMissing(FunctionSpec fn) {
        try {
            return cache.rebuildIfMissing(fn);
        } catch (ImageBuildException e) {
            throw new InstanceStartException(e.getMessage(), e); // the launcher names the function
        }
    }

    private void awaitServing(FunctionSpec fn, RunningInstance instance) {
        long deadline = System.nanoTime() + startTimeout.toNanos();
        long nextStatus = System.nanoTime();
        while (!PublishedPort.serving(instance.host(), instance.port())) {
            long now = System.nanoTime();
            if (now >= nextStatus) {
                InstanceStatus status = delegate.status(instance);
                if (!status.running()) {
                    throw new InstanceStartException(server(fn) + " " + status.describe() + " before listening on port " + fn.caPort()
                            + lastOutput(instance), null);
                }
                nextStatus = now + TimeUnit.MILLISECONDS.toNanos(250);
            }
            if (now >= deadline) {
                throw new InstanceStartException(server(fn) + " did not listen on port " + fn.caPort() + " within "
                        + startTimeout.toMillis() + "ms (it must listen on 0.0.0.0:" + fn.caPort() + ", not on 127.0.0.1)"
                        + lastOutput(instance), null);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    /**
     * A custom-runtime function without {@code customRuntimeConfig.command} runs {@code /code/bootstrap}: what is wrong
     * with its code folder's {@code bootstrap} (missing, or not executable), said before any container starts (FC:
     * {@code CAFileNotFound}).
     */
    static java.util.Optional<String> bootstrapProblem(FunctionSpec fn) {
        if (fn.runtime() != io.localfaas.spec.Runtime.CUSTOM || !fn.command().isEmpty() || fn.codeUri().isEmpty()
                || !java.nio.file.Files.isDirectory(fn.codeUri().get())) {
            return java.util.Optional.empty();
        }
        java.nio.file.Path bootstrap = fn.codeUri().get().resolve("bootstrap");
        if (!java.nio.file.Files.isRegularFile(bootstrap)) {
            return java.util.Optional.of("a custom-runtime function without customRuntimeConfig.command runs the bootstrap in its"
                    + " code folder, and there is none (" + bootstrap + "): write an executable bootstrap that starts the server on port "
                    + fn.caPort() + ", or set customRuntimeConfig.command");
        }
        if (!java.nio.file.Files.isExecutable(bootstrap)) {
            return java.util.Optional.of("its custom-runtime bootstrap is not executable: chmod +x " + bootstrap);
        }
        return java.util.Optional.empty();
    }

    /**
     * What failed to serve, as the user knows it (after the launcher's "function NAME: "): the custom runtime's start
     * command, or the custom container's image.
     */
    static String server(FunctionSpec fn) {
        return fn.runtime() == io.localfaas.spec.Runtime.CUSTOM
                ? "its custom-runtime server (" + String.join(" ", LaunchPlans.command(fn))
                        + (fn.args().isEmpty() ? "" : " " + String.join(" ", fn.args())) + ")"
                : "custom container " + fn.instanceImage() + " of " + fn.name();
    }

    private String lastOutput(RunningInstance instance) {
        String logs = delegate.lastLogs(instance, 20);
        return logs.isBlank() ? "; it printed nothing" : "; its last output:\n" + logs;
    }

    @Override
    protected void removed(String backendId) {
        String image = imageOf.remove(backendId);
        if (image != null) {
            cache.release(image);
        }
    }

    @Override
    public void close() {
        try {
            delegate.close();
        } finally {
            cache.close();
        }
    }
}
