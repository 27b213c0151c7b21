package io.localfaas.stem;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import io.localfaas.backend.InstanceBackend;
import io.localfaas.backend.InstanceLaunch;
import io.localfaas.backend.InstanceStartException;
import io.localfaas.backend.Labels;
import io.localfaas.backend.RunningInstance;
import io.localfaas.lifecycle.InstanceLauncher;
import io.localfaas.protocol.InstanceKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts one stem cell on the engine (its own empty code folder, the platform's labels, the runtime told it is a stem
 * cell) and waits until it listens, and removes one with its folder. Used from the refiller's thread of
 * {@link StemCells} and from its takes.
 */
final class StemStarter {
    /** How long one {@code /specialise} or warm-up call to a stem cell's runtime may take. */
    static final Duration SPECIALISE_TIMEOUT = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(StemStarter.class);

    private final InstanceBackend engine;
    private final StemControl control;
    private final Path root;
    private final String platformId;
    private final Duration startTimeout;
    private final BooleanSupplier closing;
    /** Only read and written on the refiller's thread. */
    private boolean warmed;

    /** @param closing whether the platform is closing: a start in progress then gives up waiting */
    StemStarter(InstanceBackend engine, StemControl control, Path root, String platformId, Duration startTimeout, BooleanSupplier closing) {
        this.engine = engine;
        this.control = control;
        this.root = root;
        this.platformId = platformId;
        this.startTimeout = startTimeout;
        this.closing = closing;
    }

    Duration startTimeout() {
        return startTimeout;
    }

    /** Starts one stem cell of the pool {@code image} and waits until it listens; empty when it did not. */
    Optional<Stem> start(String image) {
        StemPool pool = StemPool.parse(image);
        String id = "stem-" + InstanceKey.generate().substring(0, 12);
        Path folder = root.resolve(id);
        try {
            CodeFolder.createEmpty(folder);
        } catch (IOException e) {
            throw new InstanceStartException("cannot create the stem cell's code folder " + folder + ": " + e, e);
        }
        String key = InstanceKey.generate();
        Map<String, String> env = new LinkedHashMap<>(Map.of("FC_SERVER_PORT", Integer.toString(StemCells.PORT), InstanceKey.ENV, key,
                "LOCALFAAS_STEM_CELL", "1", "FC_FUNC_CODE_PATH", "/code/"));
        env.putAll(pool.environment());
        Map<String, String> labels = Map.of(Labels.OWNER, Labels.OWNER_VALUE, Labels.PLATFORM, platformId, Labels.FUNCTION, "stem",
                Labels.INSTANCE, id, StemCells.LABEL, pool.image());
        RunningInstance instance;
        StemRegistry.unspecialised(id); // before the container exists: reconciliation must never take it for a stray
        try {
            instance = engine.start(new InstanceLaunch(id, "stem", pool.image(), Optional.of(folder), StemCells.PORT, pool.stemMemoryMb(), env, labels))
                    .withKey(key);
        } catch (RuntimeException e) {
            StemRegistry.gone(id, null);
            deleteQuietly(folder);
            throw e;
        }
        Stem s = new Stem(id, image, instance, folder);
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (InstanceLauncher.accepts(instance)) {
                warmOnce(s);
                return Optional.of(s);
            }
            if (closing.getAsBoolean()) {
                break; // closing: discarded below
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        if (!closing.getAsBoolean()) {
            LOG.warn("stem cell {} of {} did not listen within {} ms: {}", id, image, startTimeout.toMillis(), engine.lastLogs(instance, 5));
        }
        discard(s);
        return Optional.empty();
    }

    /**
     * With the first stem cell that listens: the platform's own first uses of the specialising path (an engine update of
     * limits, the control call, the code folder's file calls) happen here, off every cold start's path. Both calls leave
     * the stem cell as it was.
     */
    private void warmOnce(Stem s) {
        if (warmed) {
            return;
        }
        warmed = true;
        try {
            engine.resize(s.instance(), StemPool.parse(s.pool()).stemMemoryMb());
            Path probe = s.folder().resolveSibling(s.id() + "-warm");
            CodeFolder.createEmpty(probe);
            CodeFolder.delete(probe);
        } catch (IOException | RuntimeException e) {
            LOG.debug("warming the stem cells' path: {}", e.toString());
        }
        control.warm(s.instance(), SPECIALISE_TIMEOUT);
    }

    /** Removes {@code s} from the engine and deletes its folder; never throws for the engine's refusal. */
    void discard(Stem s) {
        StemRegistry.gone(s.id(), s.instance().backendId());
        try {
            engine.remove(s.instance());
        } catch (RuntimeException e) {
            LOG.warn("could not remove stem cell {}: {}", s.id(), e.getMessage());
        }
        deleteFolder(s);
    }

    static void deleteFolder(Stem s) {
        deleteQuietly(s.folder());
    }

    static void deleteQuietly(Path folder) {
        try {
            CodeFolder.delete(folder);
        } catch (IOException e) {
            LOG.warn("could not delete the stem cell folder {}: {}", folder, e.toString());
        }
    }
}
