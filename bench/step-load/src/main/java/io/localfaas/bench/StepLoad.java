package io.localfaas.bench;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.localfaas.Invocation;
import io.localfaas.OrphanPolicy;
import io.localfaas.Scheduler;
import io.localfaas.backend.InstanceLaunch;
import io.localfaas.backend.Labels;
import io.localfaas.backend.RunningInstance;
import io.localfaas.backend.docker.DockerBackend;
import io.localfaas.failure.PlatformException;
import io.localfaas.lifecycle.InstanceLauncher;
import io.localfaas.lifecycle.Ports;
import io.localfaas.protocol.ControlPath;
import io.localfaas.spec.InstanceEnvironment;
import io.localfaas.protocol.InvokeRequest;
import io.localfaas.spec.AppSpec;
import io.localfaas.spec.BackendKind;
import io.localfaas.spec.CodeMode;
import io.localfaas.spec.FunctionSpec;
import io.localfaas.spec.PlatformSpec;
import io.localfaas.spec.Runtime;
import org.HdrHistogram.Histogram;

/**
 * Step load from 0 to {@code instances x concurrency} concurrent clients against a cold function with
 * instanceConcurrency {@code concurrency} and maxInstances {@code instances}, through the scheduler on the real
 * Docker engine (sample-functions/probe, {@code ?sleep=} per request). Measures the time until every desired
 * instance has served, errors, cold starts paid and request latency (HdrHistogram). Baseline, run side by side in each
 * round: the same number of containers of the same image created and started at once through the Docker API
 * (DockerBackend, no scheduler), timed until each accepts a connection. Loopback only; every loop is bounded.
 *
 * <p>The load holds until every desired instance has served (at most 90 s), then {@code holdSeconds} more.
 *
 * <p>Usage: {@code StepLoad [instances=8] [concurrency=4] [rounds=3] [holdSeconds=3] [sleepMillis=100]}
 */
public final class StepLoad {
    private static final Path PROBE = Path.of("sample-functions", "probe").toAbsolutePath().normalize();
    private static final int MAX_REQUESTS_PER_CLIENT = 10_000;
    private static final int LIMIT_SECONDS = 90;

    private StepLoad() {
    }

    public static void main(String[] args) throws Exception {
        int instances = arg(args, 0, 8);
        int concurrency = arg(args, 1, 4);
        int rounds = arg(args, 2, 3);
        int holdSeconds = arg(args, 3, 3);
        int sleepMillis = arg(args, 4, 100);
        System.out.printf("step load 0 -> %d concurrent clients, instanceConcurrency %d, maxInstances %d, hold %ds, ?sleep=%d%n%n",
                instances * concurrency, concurrency, instances, holdSeconds, sleepMillis);
        System.out.println("| round | baseline: " + instances + " containers listening (ms) | scheduler: all " + instances
                + " instances served (ms) | ratio | requests | errors | cold starts paid | instances | p50 (ms) | p99 (ms) | max (ms) |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        List<Double> ratios = new ArrayList<>();
        warmUp(instances);
        for (int r = 1; r <= rounds; r++) {
            long baseline = baseline(instances);
            Result s = scheduler(instances, concurrency, holdSeconds, sleepMillis);
            double ratio = (double) s.allServingMillis / baseline;
            ratios.add(ratio);
            System.out.printf("| %d | %d | %d | %.2f | %d | %d | %d | %d | %.1f | %.1f | %.1f |%n", r, baseline, s.allServingMillis, ratio,
                    s.requests, s.errors, s.cold, s.instancesSeen, s.latency.getValueAtPercentile(50) / 1000.0,
                    s.latency.getValueAtPercentile(99) / 1000.0, s.latency.getMaxValue() / 1000.0);
        }
        ratios.sort(Double::compare);
        System.out.printf("%nmedian ratio (scheduler time to all instances serving / raw create+start+listen): %.2f%n",
                ratios.get(ratios.size() / 2));
    }

    /** One untimed baseline round, so that the first measured round does not pay for cold disk caches. */
    private static void warmUp(int instances) throws Exception {
        baseline(instances);
    }

    private static int arg(String[] args, int i, int def) {
        return args.length > i ? Integer.parseInt(args[i]) : def;
    }

    private static FunctionSpec probe(int concurrency, int instances) {
        return new FunctionSpec("bench", "probe", Runtime.NODEJS18, Optional.of(PROBE), CodeMode.MOUNT, Optional.empty(), "index.handler",
                Optional.of("index.initializer"), Optional.empty(), Duration.ofSeconds(3), Duration.ofSeconds(30), 128, concurrency, 0,
                instances, Duration.ofMinutes(5), Map.of(), List.of());
    }

    /** Raw Docker API: N containers created and started at once, until each accepts a connection. */
    private static long baseline(int instances) throws Exception {
        FunctionSpec fn = probe(1, instances);
        Ports ports = new Ports();
        ExecutorService pool = Executors.newFixedThreadPool(instances);
        List<RunningInstance> started = new ArrayList<>();
        try (DockerBackend docker = DockerBackend.connect()) {
            long t0 = System.nanoTime();
            List<Future<RunningInstance>> fs = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                fs.add(pool.submit(() -> {
                    String id = "base-" + UUID.randomUUID().toString().substring(0, 8);
                    int port = ports.acquire();
                    RunningInstance ri = docker.start(new InstanceLaunch(id, fn.name(), fn.instanceImage(), fn.codeUri(), port,
                            fn.memorySize(), InstanceEnvironment.of(fn, id, port, "/code/"), Map.of(Labels.OWNER, Labels.OWNER_VALUE,
                                    Labels.PLATFORM, OrphanPolicy.selfId(), Labels.FUNCTION, fn.name(), Labels.INSTANCE, id)));
                    synchronized (started) {
                        started.add(ri);
                    }
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (!InstanceLauncher.accepts(ri) && System.nanoTime() < deadline) {
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(3));
                    }
                    return ri;
                }));
            }
            for (Future<RunningInstance> f : fs) {
                f.get(120, TimeUnit.SECONDS);
            }
            long elapsed = (System.nanoTime() - t0) / 1_000_000;
            started.forEach(docker::remove);
            return elapsed;
        } finally {
            pool.shutdownNow();
        }
    }


    private record Result(long allServingMillis, long requests, long errors, long cold, int instancesSeen, Histogram latency) {
    }

    private static Result scheduler(int instances, int concurrency, int holdSeconds, int sleepMillis) throws Exception {
        PlatformSpec platform = new PlatformSpec("127.0.0.1", 0, Duration.ofSeconds(60), Duration.ofSeconds(60), instances,
                BackendKind.DOCKER, 50, Optional.empty(), 1000);
        AppSpec app = new AppSpec(Path.of("bench.yaml"), "bench", platform, List.of(probe(concurrency, instances)));
        int clients = instances * concurrency;
        Histogram latency = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
        Map<String, Long> firstServed = new ConcurrentHashMap<>();
        AtomicLong requests = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong cold = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try (Scheduler s = new Scheduler(app, DockerBackend.connect(), Clock.systemUTC())) {
            s.start();
            CountDownLatch go = new CountDownLatch(1);
            long[] t0 = new long[1];
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            List<Future<?>> fs = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                fs.add(pool.submit(() -> {
                    go.await();
                    long end = t0[0] + TimeUnit.SECONDS.toNanos(LIMIT_SECONDS);
                    for (int n = 0; n < MAX_REQUESTS_PER_CLIENT && !stop.get() && System.nanoTime() < end; n++) {
                        long start = System.nanoTime();
                        try {
                            Invocation inv = s.invoke("probe", new InvokeRequest(UUID.randomUUID().toString(), ControlPath.HTTP_INVOKE, "GET",
                                    "/?sleep=" + sleepMillis, Map.of(), new byte[0], Optional.of("127.0.0.1"), Optional.empty()));
                            long done = System.nanoTime();
                            if (inv.response().status() != 200) {
                                errors.incrementAndGet();
                            }
                            firstServed.putIfAbsent(inv.instanceId(), done);
                            if (inv.coldStart().isPresent()) {
                                cold.incrementAndGet();
                            }
                            latency.recordValue(Math.min(latency.getHighestTrackableValue(), (done - start) / 1000));
                        } catch (PlatformException e) {
                            errors.incrementAndGet();
                        }
                        requests.incrementAndGet();
                    }
                    return null;
                }));
            }
            t0[0] = System.nanoTime();
            go.countDown();
            long limit = t0[0] + TimeUnit.SECONDS.toNanos(LIMIT_SECONDS);
            while (firstServed.size() < instances && System.nanoTime() < limit) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(holdSeconds));
            stop.set(true);
            for (Future<?> f : fs) {
                f.get(120L, TimeUnit.SECONDS);
            }
            long all = firstServed.size() >= instances
                    ? (firstServed.values().stream().mapToLong(Long::longValue).max().orElseThrow() - t0[0]) / 1_000_000 : -1;
            return new Result(all, requests.get(), errors.get(), cold.get(), firstServed.size(), latency);
        } finally {
            pool.shutdownNow();
        }
    }
}
