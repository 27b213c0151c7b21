package io.localfaas.stem;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.localfaas.backend.BackendUnavailableException;
import io.localfaas.backend.ForwardingBackend;
import io.localfaas.backend.InstanceBackend;
import io.localfaas.backend.InstanceLaunch;
import io.localfaas.backend.InstanceStartException;
import io.localfaas.backend.OwnedInstance;
import io.localfaas.backend.RunningInstance;
import io.localfaas.lifecycle.InstanceLauncher;
import io.localfaas.spec.FunctionSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a few generic instances of each runtime in use started ahead — container running, runtime listening, no
 * function code, no function environment — and hands a start that may use one (see {@link StemEligibility}) a stem
 * cell <em>specialised</em> for it instead of a booted instance: its own empty code folder (bind-mounted read-only at
 * {@code /code} when it started) is filled with the function's code, its memory and CPU limits set to the function's,
 * and the runtime is told the function's environment, handler and new key in one {@code /specialise} call. A
 * specialised instance is the function's for its life, and its code folder is its own: no other function's code is
 * ever in it. Every failure of a specialisation is a start failure of that start ({@link InstanceStartException}); the
 * stem cell is removed.
 *
 * <p>The pool refills in the background (one stem cell starting at a time) after every take, to the size
 * {@link StemPoolSize} gives from the recent takes, and shrinks to none for a runtime that nothing used within
 * {@link #IDLE_WINDOW}; a stem cell that stopped listening is removed and replaced. Stem cells carry the platform's
 * labels (orphan reaping removes those of a dead platform), are left out of {@link #listOwned()} while idle (the pools
 * do not know them; {@link #close()} removes them) and listed as their function's instance once specialised.
 */
public final class StemCells extends ForwardingBackend {
    /** The label that marks a stem cell; its value is the runtime image. */
    public static final String LABEL = "io.localfaas.stem";
    /** The port a stem cell's runtime listens on in its own network namespace. */
    public static final int PORT = 9000;
    /** A stem cell's memory until it is specialised (then the function's). */
    static final int STEM_MEMORY_MB = 256;
    /** Takes counted for the pool's size. */
    static final Duration RATE_WINDOW = Duration.ofMinutes(1);
    /** A runtime nothing asked for within this long keeps no stem cells. */
    static final Duration IDLE_WINDOW = Duration.ofMinutes(10);
    private static final Logger LOG = LoggerFactory.getLogger(StemCells.class);

    private record Specialised(Stem stem, String instanceId, String function, Duration took) {
    }

    private final StemControl control;
    private final Path root;
    private final int max;
    private final StemStarter starter;
    private final Clock clock;
    private final Set<String> images;
    private final ScheduledExecutorService refiller;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private final Map<String, Deque<Stem>> idle = new HashMap<>();
    private final Map<String, Deque<Long>> takes = new HashMap<>();
    private final Map<String, Long> lastAsked = new HashMap<>();
    private final Map<String, Integer> starting = new HashMap<>();
    private boolean closed;
    private final Map<String, Specialised> specialised = new ConcurrentHashMap<>();
    /** The functions (with their reason) whose booting instead of specialising has been logged once. */
    private final Set<String> toldWhyBoots = ConcurrentHashMap.newKeySet();

    /**
     * @param delegate     the engine's backend (it must implement {@link InstanceBackend#resize})
     * @param runtimeImages the runtime images stem cells may be made of (the specialisable runtimes' images)
     * @param root         where the stem cells' code folders go (created; one folder per stem cell)
     * @param max          idle stem cells per runtime image, at most
     */
    public StemCells(InstanceBackend delegate, StemControl control, Set<String> runtimeImages, Path root, String platformId, int max,
                     Duration startTimeout, Clock clock) {
        super(delegate);
        this.control = control;
        this.images = Set.copyOf(runtimeImages);
        this.root = root;
        this.max = max;
        this.starter = new StemStarter(delegate, control, root, platformId, startTimeout, this::isClosed);
        this.clock = clock;
        this.refiller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "localfaas-stem-cells");
            t.setDaemon(true);
            return t;
        });
        refiller.scheduleWithFixedDelay(this::tick, 10, 10, TimeUnit.SECONDS);
    }

    /**
     * Deletes the stem cells' folders under {@code parent} ({@code <state>/stem/<pid>-<millis>/...}) left by platforms
     * that no longer run ({@code alive} says which run; {@code selfId}'s are kept); returns how many platforms' folders
     * went. The folders hold links and copies only: the functions' own files stay. Never throws.
     */
    public static int removeFoldersOfDeadPlatforms(Path parent, String selfId, java.util.function.Predicate<String> alive) {
        int removed = 0;
        try (java.util.stream.Stream<Path> dirs = java.nio.file.Files.list(parent)) {
            for (Path d : dirs.toList()) {
                String name = d.getFileName().toString();
                int dash = name.indexOf('-');
                String platform = dash > 0 ? name.substring(0, dash) + "@" + name.substring(dash + 1) : name;
                if (!platform.equals(selfId) && !alive.test(platform) && java.nio.file.Files.isDirectory(d, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    StemStarter.deleteQuietly(d);
                    removed++;
                }
            }
        } catch (IOException | RuntimeException e) {
            // no folder yet, or unreadable: nothing to clean
        }
        return removed;
    }

    /** The images of the runtimes whose bootstrap can be specialised (PROTOCOL.md §10). */
    public static Set<String> runtimeImages() {
        Set<String> out = new java.util.TreeSet<>();
        StemEligibility.RUNTIMES.forEach(r -> out.add(r.image()));
        return out;
    }

    /**
     * The stem-cell pool of each function of {@code functions} whose instances may start from a stem cell (one per
     * function): its runtime image, and for java17 its memory size too ({@link StemPool}).
     */
    public static List<String> imagesOf(Collection<FunctionSpec> functions) {
        return functions.stream().filter(f -> StemEligibility.offReason(f).isEmpty())
                .map(f -> StemPool.of(f.instanceImage(), f.memorySize()).key()).toList();
    }

    /**
     * Marks the images of {@code inUse} as used now and starts their stem cells in the background: each entry counts as a
     * cold start about to come (every deployed function of a runtime starts soon), so a runtime with three functions
     * gets three stem cells, within the bound.
     */
    public void prime(Collection<String> inUse) {
        long now = clock.millis();
        synchronized (lock) {
            inUse.stream().map(StemPool::parse).filter(p -> images.contains(p.image())).map(StemPool::key).forEach(i -> {
                lastAsked.put(i, now);
                takes.computeIfAbsent(i, k -> new ArrayDeque<>()).add(now);
            });
        }
        refiller.execute(this::refill);
    }

    /** The start of a cold start of {@code fn}: it specialises a stem cell unless {@link StemEligibility} says why not. */
    @Override
    public RunningInstance start(FunctionSpec fn, InstanceLaunch launch) {
        return start(launch, StemEligibility.offReason(fn, launch, images));
    }

    @Override
    public RunningInstance start(InstanceLaunch launch) {
        return start(launch, StemEligibility.offReason(launch, images));
    }

    private RunningInstance start(InstanceLaunch launch, Optional<String> offReason) {
        if (offReason.isPresent()) {
            if (toldWhyBoots.add(launch.functionName() + ": " + offReason.get())) {
                LOG.info("{}: its instances boot, no stem cell: {}", launch.functionName(), offReason.get());
            }
            return delegate.start(launch);
        }
        Optional<Stem> taken = take(StemPool.of(launch.image(), launch.memoryMb()).key());
        refiller.execute(this::refill);
        if (taken.isEmpty()) {
            return delegate.start(launch);
        }
        return specialise(taken.get(), launch);
    }

    /** The first idle stem cell of the pool {@code image} that still listens; the dead ones on the way are removed. */
    private Optional<Stem> take(String image) {
        while (true) {
            Stem s;
            synchronized (lock) {
                long now = clock.millis();
                lastAsked.put(image, now);
                takes.computeIfAbsent(image, k -> new ArrayDeque<>()).add(now);
                Deque<Stem> q = idle.get(image);
                s = q == null ? null : q.poll();
            }
            if (s == null) {
                return Optional.empty();
            }
            if (InstanceLauncher.accepts(s.instance())) {
                return Optional.of(s);
            }
            LOG.info("stem cell {} of {} stopped listening: removed", s.id(), image);
            starter.discard(s);
        }
    }

    private RunningInstance specialise(Stem s, InstanceLaunch launch) {
        long t0 = System.nanoTime();
        try {
            CodeFolder.fill(launch.codeDir().orElseThrow(), s.folder());
            delegate.resize(s.instance(), launch.memoryMb());
            Map<String, String> env = new LinkedHashMap<>(launch.environment());
            control.specialise(s.instance(), env, StemStarter.SPECIALISE_TIMEOUT);
        } catch (IOException e) {
            starter.discard(s);
            throw new InstanceStartException("cannot put the code " + launch.codeDir().orElseThrow() + " into the stem cell's folder: " + e, e);
        } catch (RuntimeException e) {
            starter.discard(s);
            throw e;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        RunningInstance instance = new RunningInstance(launch.instanceId(), s.instance().backendId(), s.instance().host(), s.instance().port(),
                Duration.ZERO);
        specialised.put(instance.backendId(), new Specialised(s, launch.instanceId(), launch.functionName(), took));
        StemRegistry.became(s.id(), instance.backendId(), launch.functionName(), launch.instanceId());
        LOG.debug("stem cell {} specialised as instance {} of {} in {} ms", s.id(), launch.instanceId(), launch.functionName(), took.toMillis());
        return instance;
    }

    @Override
    public Optional<Duration> specialisation(RunningInstance instance) {
        Specialised s = specialised.get(instance.backendId());
        return s == null ? delegate.specialisation(instance) : Optional.of(s.took());
    }

    @Override
    protected void removed(String backendId) {
        Specialised s = specialised.remove(backendId);
        StemRegistry.gone(s == null ? "" : s.stem().id(), backendId);
        if (s != null) {
            StemStarter.deleteFolder(s.stem());
        }
    }

    /**
     * The engine's list, with this platform's idle stem cells left out (no pool knows them: reconciliation would remove
     * them) and its specialised ones named as their function's instances.
     */
    @Override
    public List<OwnedInstance> listOwned() {
        return asPlatformSees(delegate.listOwned());
    }

    /**
     * {@code owned} (an engine's list) as this process's platform sees it: its idle stem cells left out, its specialised
     * ones labelled with the function and instance they became; everything else as it is (another platform's stem cells
     * too: orphan reaping removes those of a dead one).
     */
    public static List<OwnedInstance> asPlatformSees(List<OwnedInstance> owned) {
        return StemRegistry.asPlatformSees(owned);
    }

    /** Idle stem cells per pool now (the image, or {@code image@NMB} for java17: {@link StemPool}), for tests and the dashboard. */
    public Map<String, Integer> idleCounts() {
        synchronized (lock) {
            Map<String, Integer> out = new java.util.TreeMap<>();
            idle.forEach((image, q) -> out.put(image, q.size()));
            return out;
        }
    }

    /** On the refiller's thread: start stem cells up to each pool's target, and remove those above it. */
    private void refill() {
        Set<String> pools = new java.util.TreeSet<>();
        synchronized (lock) {
            images.stream().filter(i -> !StemPool.heapFixedAtStart(i)).forEach(pools::add);
            pools.addAll(lastAsked.keySet());
            pools.addAll(idle.keySet());
        }
        for (String image : pools) {
            while (true) {
                int target;
                Stem surplus = null;
                synchronized (lock) {
                    if (closed) {
                        return;
                    }
                    target = target(image);
                    Deque<Stem> q = idle.computeIfAbsent(image, k -> new ArrayDeque<>());
                    int have = q.size() + starting.getOrDefault(image, 0);
                    if (have > target && !q.isEmpty()) {
                        surplus = q.pollLast();
                    } else if (have < target) {
                        starting.merge(image, 1, Integer::sum);
                    } else {
                        break;
                    }
                }
                if (surplus != null) {
                    starter.discard(surplus);
                    continue;
                }
                try {
                    Optional<Stem> s = starter.start(image);
                    synchronized (lock) {
                        starting.merge(image, -1, Integer::sum);
                        if (s.isPresent() && !closed) {
                            idle.get(image).add(s.get());
                            s = Optional.empty();
                        }
                    }
                    s.ifPresent(starter::discard);
                } catch (RuntimeException e) {
                    synchronized (lock) {
                        starting.merge(image, -1, Integer::sum);
                    }
                    LOG.warn("could not start a stem cell of {}: {}", image, e.getMessage());
                    break; // the next take or tick tries again
                }
            }
        }
    }

    /** Guarded by {@link #lock}: the idle stem cells {@code image} should have now. */
    private int target(String image) {
        long now = clock.millis();
        Deque<Long> t = takes.computeIfAbsent(image, k -> new ArrayDeque<>());
        while (!t.isEmpty() && t.peekFirst() < now - RATE_WINDOW.toMillis()) {
            t.pollFirst();
        }
        Long asked = lastAsked.get(image);
        boolean inUse = asked != null && asked >= now - IDLE_WINDOW.toMillis();
        return StemPoolSize.target(inUse, t.size(), max);
    }

    /** Every few seconds: idle stem cells that stopped listening are removed, then the pools are refilled or trimmed. */
    private void tick() {
        try {
            List<Stem> all = new ArrayList<>();
            synchronized (lock) {
                idle.values().forEach(all::addAll);
            }
            for (Stem s : all) {
                if (!InstanceLauncher.accepts(s.instance())) {
                    boolean wasIdle;
                    synchronized (lock) {
                        wasIdle = idle.get(s.pool()).remove(s);
                    }
                    if (wasIdle) {
                        LOG.info("stem cell {} of {} stopped listening: replaced", s.id(), s.pool());
                        starter.discard(s);
                    }
                }
            }
            refill();
        } catch (RuntimeException e) {
            LOG.warn("stem cells' housekeeping failed: {}", e.getMessage());
        }
    }

    private boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    /**
     * Removes the idle stem cells, then closes the engine's backend. The refiller is not interrupted (an interrupted
     * engine call could leave its container behind): a stem cell it is starting is removed by it once started.
     */
    @Override
    public void close() {
        List<Stem> all = new ArrayList<>();
        synchronized (lock) {
            closed = true;
            idle.values().forEach(all::addAll);
            idle.clear();
        }
        refiller.shutdown();
        try {
            if (!refiller.awaitTermination(starter.startTimeout().toMillis() + 5000, TimeUnit.MILLISECONDS)) {
                LOG.warn("a stem cell was still starting at shutdown; orphan reaping removes it at the next start");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Stem s : all) {
            try {
                starter.discard(s);
            } catch (BackendUnavailableException e) {
                LOG.warn("could not remove stem cell {}: {}", s.id(), e.getMessage());
            }
        }
        try {
            java.nio.file.Files.deleteIfExists(root); // only when empty: a folder still in use stays
        } catch (IOException e) {
            // not empty, or gone
        }
        super.close();
    }
}
