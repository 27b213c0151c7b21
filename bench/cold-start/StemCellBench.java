import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.localfaas.backend.InstanceBackend;
import io.localfaas.backend.InstanceLaunch;
import io.localfaas.backend.Labels;
import io.localfaas.backend.RunningInstance;
import io.localfaas.backend.docker.DockerBackend;
import io.localfaas.backend.docker.DockerImages;
import io.localfaas.images.FunctionImageBackend;
import io.localfaas.images.ImageCache;
import io.localfaas.lifecycle.InstanceLauncher;
import io.localfaas.lifecycle.Ports;
import io.localfaas.lifecycle.StartedInstance;
import io.localfaas.protocol.ControlPath;
import io.localfaas.protocol.InstanceClient;
import io.localfaas.protocol.InstanceKey;
import io.localfaas.protocol.InvokeRequest;
import io.localfaas.protocol.InvokeResponse;
import io.localfaas.spec.CodeMode;
import io.localfaas.spec.FunctionSpec;
import io.localfaas.spec.InstanceEnvironment;
import io.localfaas.spec.Runtime;
import io.localfaas.stem.HttpStemControl;
import io.localfaas.stem.StemCells;

/**
 * Stem cells against the engine floor and today's cold start, side by side in one run (bench/cold-start/run-stem [RUNS]),
 * nodejs18 (sample-functions/hello), python3 (python-hello) and java17 (java-hello's jar, 256 MB), no initializer, code
 * mounted, each to the first response:
 * <ol>
 *   <li>floor: the engine's create + start of the runtime image, in the instances' network as the platform starts it,
 *       until the runtime accepts on its address (nothing of the platform);</li>
 *   <li>today: the platform's cold start (create, start, listen, first HTTP request);</li>
 *   <li>stem cell: the platform's cold start from an idle stem cell (specialise, first HTTP request); the pool refilled
 *       before each run (refilling is not what is measured).</li>
 * </ol>
 * Then the idle pool's cost: memory and CPU of idle stem cells ({@code docker stats}). One unrecorded warm-up round;
 * runs interleaved. Bounded in runs and time; every container it starts is removed.
 */
public final class StemCellBench {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration DEADLINE = Duration.ofMinutes(15);
    private static final Path ROOT = Path.of(".").toAbsolutePath().normalize();
    private static final String FLOOR = " floor: engine create+start until listening (instances' network)";
    private static final String TODAY = " today: platform cold start to first response";
    private static final String STEM = " stem cell: platform cold start to first response";

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Math.max(1, Math.min(50, Integer.parseInt(args[0]))) : 10;
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        List<FunctionSpec> fns = List.of(fn(Runtime.NODEJS18, "sample-functions/hello"), fn(Runtime.PYTHON3, "sample-functions/python-hello"),
                fn(Runtime.JAVA17, "sample-functions/java-hello/code"));
        Map<String, List<Double>> series = new LinkedHashMap<>();
        Map<String, List<String>> breakdowns = new LinkedHashMap<>();
        Path stemRoot = Files.createTempDirectory("localfaas-bench-stem");
        try (DockerBackend docker = DockerBackend.connect(); DockerBackend docker2 = DockerBackend.connect();
             DockerImages images = DockerImages.connect(); InstanceClient client = new InstanceClient()) {
            ImageCache cache = new ImageCache(images, 50, Duration.ofMinutes(5), ImageCache.Listener.NONE);
            Ports ports = new Ports();
            String self = io.localfaas.OrphanPolicy.selfId();
            InstanceLauncher today = new InstanceLauncher(new FunctionImageBackend(docker, cache, START_TIMEOUT), client, ports, self, START_TIMEOUT);
            StemCells stems = new StemCells(docker2, new HttpStemControl(), StemCells.runtimeImages(), stemRoot, self, 1, START_TIMEOUT,
                    Clock.systemUTC());
            try {
                stems.prime(StemCells.imagesOf(fns));
                InstanceLauncher withStems = new InstanceLauncher(new FunctionImageBackend(stems, cache, START_TIMEOUT), client, ports, self,
                        START_TIMEOUT);
                for (int run = -1; run < runs && System.nanoTime() < deadline; run++) { // run -1: warm-up, not recorded
                    for (FunctionSpec fn : fns) {
                        String rt = fn.runtime().id();
                        double f = floor(docker, ports, fn);
                        StartedTimed t = coldStart(today, client, fn);
                        awaitIdle(stems, pool(fn));
                        StartedTimed s = coldStart(withStems, client, fn);
                        if (run >= 0) {
                            series.computeIfAbsent(rt + FLOOR, k -> new ArrayList<>()).add(f);
                            series.computeIfAbsent(rt + TODAY, k -> new ArrayList<>()).add(t.ms());
                            series.computeIfAbsent(rt + STEM, k -> new ArrayList<>()).add(s.ms());
                            breakdowns.computeIfAbsent(rt + TODAY, k -> new ArrayList<>()).add(t.breakdown());
                            breakdowns.computeIfAbsent(rt + STEM, k -> new ArrayList<>()).add(s.breakdown());
                        }
                    }
                }
                fns.forEach(fn -> awaitIdle(stems, pool(fn)));
                System.out.println("idle stem cells (docker stats --no-stream; java17's of 256 MB): " + idleCost());
            } finally {
                stems.close();
            }
        }
        print(runs, series, breakdowns);
    }

    private static FunctionSpec fn(Runtime runtime, String code) {
        boolean java = runtime == Runtime.JAVA17;
        return new FunctionSpec("bench", "bench-stem-" + runtime.id(), runtime, Optional.of(ROOT.resolve(code)), CodeMode.MOUNT,
                Optional.empty(), java ? "example.HelloFC::handleRequest" : "index.handler", Optional.empty(), Optional.empty(),
                Duration.ofSeconds(30), Duration.ofSeconds(30), java ? 256 : 128, 1, 0, 1, Duration.ofMinutes(5), Map.of(), List.of());
    }

    /** The stem-cell pool {@code fn} takes from (java17: its memory size's). */
    private static String pool(FunctionSpec fn) {
        return StemCells.imagesOf(List.of(fn)).get(0);
    }

    record StartedTimed(double ms, String breakdown) {
    }

    private static void awaitIdle(StemCells stems, String image) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (stems.idleCounts().getOrDefault(image, 0) < 1) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no idle stem cell of " + image + " within " + START_TIMEOUT);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    private static StartedTimed coldStart(InstanceLauncher launcher, InstanceClient client, FunctionSpec fn) throws Exception {
        long t0 = System.nanoTime();
        StartedInstance started = launcher.launch(fn, UUID.randomUUID().toString().substring(0, 8), () -> {
        });
        try {
            InvokeResponse r = client.send(started.instance(), fn, new InvokeRequest(UUID.randomUUID().toString(), ControlPath.HTTP_INVOKE,
                    "GET", "/hello", Map.of(), new byte[0], Optional.empty(), Optional.empty()), Duration.ofSeconds(30));
            double took = ms(t0);
            if (r.status() != 200) {
                throw new IllegalStateException(fn.name() + " answered " + r.status() + ": " + new String(r.body()));
            }
            return new StartedTimed(took, started.coldStart().header());
        } finally {
            launcher.discard(started.instance());
        }
    }

    /** The engine alone: create + start the runtime image as the platform does, then poll its address until it accepts. */
    private static double floor(DockerBackend docker, Ports ports, FunctionSpec fn) {
        int port = ports.acquire();
        String id = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> env = new LinkedHashMap<>(InstanceEnvironment.of(fn, id, port, "/code/"));
        env.put(InstanceKey.ENV, InstanceKey.generate());
        InstanceLaunch launch = new InstanceLaunch(id, fn.name(), fn.instanceImage(), fn.codeUri(), port, fn.memorySize(), env,
                Map.of(Labels.OWNER, Labels.OWNER_VALUE, Labels.PLATFORM, io.localfaas.OrphanPolicy.selfId(), Labels.FUNCTION, fn.name(),
                        Labels.INSTANCE, id));
        long t0 = System.nanoTime();
        RunningInstance r = docker.start(launch);
        try {
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (!InstanceLauncher.accepts(r)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(fn.name() + " was not ready within " + START_TIMEOUT);
                }
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(3));
            }
            return ms(t0);
        } finally {
            docker.remove(r);
            ports.release(port);
        }
    }

    private static String idleCost() throws Exception {
        Process ps = new ProcessBuilder("docker", "ps", "-q", "--filter", "label=" + StemCells.LABEL, "--filter",
                "label=" + Labels.PLATFORM + "=" + io.localfaas.OrphanPolicy.selfId()).redirectErrorStream(true).start();
        List<String> ids = new String(ps.getInputStream().readAllBytes()).lines().filter(l -> !l.isBlank()).toList();
        ps.waitFor(30, TimeUnit.SECONDS);
        if (ids.isEmpty()) {
            return "(none running)";
        }
        List<String> cmd = new ArrayList<>(List.of("docker", "stats", "--no-stream", "--format", "{{.ID}} {{.MemUsage}} cpu {{.CPUPerc}}"));
        cmd.addAll(ids);
        Process stats = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<String> lines = new String(stats.getInputStream().readAllBytes()).strip().lines().toList();
        stats.waitFor(30, TimeUnit.SECONDS);
        List<String> named = new ArrayList<>();
        for (String line : lines) { // the container id, named by its stem-cell label (the runtime image)
            String id = line.split(" ", 2)[0];
            Process label = new ProcessBuilder("docker", "inspect", "--format", "{{index .Config.Labels \"" + StemCells.LABEL + "\"}}", id)
                    .redirectErrorStream(true).start();
            String image = new String(label.getInputStream().readAllBytes()).strip();
            label.waitFor(30, TimeUnit.SECONDS);
            named.add(image + ": " + line.substring(id.length()).strip());
        }
        return String.join("; ", named);
    }

    private static double ms(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(Double::compare);
        return s.get(s.size() / 2);
    }

    private static void print(int runs, Map<String, List<Double>> series, Map<String, List<String>> breakdowns) {
        System.out.printf("%d run(s) each, interleaved; milliseconds; sample-functions/hello, python-hello, java-hello (256 MB), "
                + "no initializer%n%n", runs);
        System.out.println("| series | n | median | min | max |");
        System.out.println("|---|---|---|---|---|");
        series.forEach((name, xs) -> System.out.printf("| %s | %d | %.1f | %.1f | %.1f |%n", name, xs.size(), median(xs),
                xs.stream().mapToDouble(Double::doubleValue).min().orElse(0), xs.stream().mapToDouble(Double::doubleValue).max().orElse(0)));
        System.out.println();
        breakdowns.forEach((name, b) -> System.out.println(name + ", breakdown of the median run's neighbours: " + b.get(b.size() / 2)));
        for (String rt : List.of("nodejs18", "python3", "java17")) {
            if (series.containsKey(rt + FLOOR)) {
                double floor = median(series.get(rt + FLOOR));
                System.out.printf("%s: stem cell / floor (medians) = %.2f; today / floor = %.2f%n", rt, median(series.get(rt + STEM)) / floor,
                        median(series.get(rt + TODAY)) / floor);
            }
        }
    }
}
