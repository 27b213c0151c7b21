import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

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
import io.localfaas.spec.InstanceEnvironment;
import io.localfaas.protocol.InvokeRequest;
import io.localfaas.protocol.InvokeResponse;
import io.localfaas.spec.CodeMode;
import io.localfaas.spec.FunctionSpec;
import io.localfaas.spec.Runtime;

/**
 * Cold-start benchmark, side by side in one run (bench/cold-start/run [RUNS]):
 * <ol>
 *   <li>per runtime, the platform's cold start to the first response (create, start, listen, initializer, first HTTP
 *       request) from the cached function image (code mode image), and from the runtime image with the code mounted;</li>
 *   <li>the floor for the same function image: the engine's create + start and the process listening, nothing else;</li>
 *   <li>the image cache: a miss (build FROM the runtime image with the code) against a hit;</li>
 *   <li>the custom runtime (bench/cold-start/custom-server, a plain Node.js HTTP server started by customRuntimeConfig.command):
 *       the platform's cold start to the first response, code mounted, against the floor for the same image, command and
 *       network (its own network namespace, port 9000 published on loopback): create + start + the server answering.</li>
 * </ol>
 * One unrecorded warm-up round first. Runs are interleaved so that the machine's noise hits every series alike. Loopback only; bounded in runs and time.
 */
public final class ColdStartBench {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration DEADLINE = Duration.ofMinutes(15);
    private static final Path ROOT = Path.of(".").toAbsolutePath().normalize();

    record Fn(String runtime, FunctionSpec image, FunctionSpec mount) {
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Exception e) {
            // The source launcher cannot print some exceptions' traces: say what failed here.
            System.err.println("bench failed: " + e);
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                System.err.println("  caused by: " + c);
            }
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        int runs = args.length > 0 ? Math.max(1, Math.min(50, Integer.parseInt(args[0]))) : 10;
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        List<Fn> fns = new ArrayList<>();
        fns.add(fn("nodejs18", Runtime.NODEJS18, ROOT.resolve("sample-functions/hello"), "index.handler", "index.initializer", 128));
        fns.add(fn("python3", Runtime.PYTHON3, ROOT.resolve("sample-functions/python-hello"), "index.handler", "index.initializer", 128));
        Path javaCode = ROOT.resolve("sample-functions/java-hello/code");
        if (Files.isRegularFile(javaCode.resolve("java-hello.jar"))) {
            fns.add(fn("java17", Runtime.JAVA17, javaCode, "example.HelloFC::handleRequest", "example.HelloFC::initialize", 256));
        } else {
            System.err.println("java17 skipped: build sample-functions/java-hello first (mvn -B -q install -DskipTests)");
        }
        List<FunctionSpec> all = new ArrayList<>();
        fns.forEach(f -> {
            all.add(f.image());
            all.add(f.mount());
        });
        Map<String, List<Double>> series = new LinkedHashMap<>();
        try (DockerBackend docker = DockerBackend.connect(); DockerImages images = DockerImages.connect();
             InstanceClient client = new InstanceClient()) {
            ImageCache cache = new ImageCache(images, 50, Duration.ofMinutes(5), ImageCache.Listener.NONE);
            cache.warm(all);
            FunctionImageBackend backend = new FunctionImageBackend(docker, cache, START_TIMEOUT);
            backend.prepare(all);
            Ports ports = new Ports();
            InstanceLauncher launcher = new InstanceLauncher(backend, client, ports, io.localfaas.OrphanPolicy.selfId(), START_TIMEOUT);
            Path scratch = Files.createTempDirectory("localfaas-bench");
            FunctionSpec custom = customRuntime();
            coldStart(launcher, client, custom); // warm-up, not recorded
            customFloor(docker, ports, custom);
            for (Fn f : fns) { // warm-up, not recorded: first use of each image and of this JVM's code paths
                coldStart(launcher, client, f.image());
                coldStart(launcher, client, f.mount());
                floor(docker, ports, f.image(), cache.imageFor(f.image()));
            }
            for (int run = 0; run < runs && System.nanoTime() < deadline; run++) {
                series.computeIfAbsent("custom platform cold start, code mounted", k -> new ArrayList<>())
                        .add(coldStart(launcher, client, custom));
                series.computeIfAbsent("custom floor: engine create+start+serving, same image, command and network", k -> new ArrayList<>())
                        .add(customFloor(docker, ports, custom));
                for (Fn f : fns) {
                    series.computeIfAbsent(f.runtime() + " platform cold start, cached image", k -> new ArrayList<>())
                            .add(coldStart(launcher, client, f.image()));
                    series.computeIfAbsent(f.runtime() + " platform cold start, code mounted", k -> new ArrayList<>())
                            .add(coldStart(launcher, client, f.mount()));
                    series.computeIfAbsent(f.runtime() + " floor: engine create+start+listen, same image", k -> new ArrayList<>())
                            .add(floor(docker, ports, f.image(), cache.imageFor(f.image())));
                }
                Path code = scratch.resolve("code-" + run);
                Files.createDirectories(code);
                Files.copy(ROOT.resolve("sample-functions/hello/index.js"), code.resolve("index.js"));
                Files.writeString(code.resolve("token.txt"), UUID.randomUUID().toString());
                FunctionSpec fresh = spec("cache-" + run, Runtime.NODEJS18, code, CodeMode.IMAGE, "index.handler", null, 128);
                long t0 = System.nanoTime();
                String tag = cache.imageFor(fresh);
                series.computeIfAbsent("image cache miss (build FROM nodejs18 + code)", k -> new ArrayList<>()).add(ms(t0));
                long t1 = System.nanoTime();
                cache.imageFor(fresh);
                series.computeIfAbsent("image cache hit", k -> new ArrayList<>()).add(ms(t1));
                images.removeIfUnused(tag);
            }
        }
        print(runs, series);
    }

    private static Fn fn(String name, Runtime runtime, Path code, String handler, String initializer, int memory) {
        return new Fn(name, spec("bench-" + name + "-img", runtime, code, CodeMode.IMAGE, handler, initializer, memory),
                spec("bench-" + name + "-mnt", runtime, code, CodeMode.MOUNT, handler, initializer, memory));
    }

    private static FunctionSpec spec(String name, Runtime runtime, Path code, CodeMode mode, String handler, String initializer, int memory) {
        return new FunctionSpec("bench", name, runtime, Optional.of(code), mode, Optional.empty(), handler, Optional.ofNullable(initializer),
                Optional.empty(), Duration.ofSeconds(30), Duration.ofSeconds(30), memory, 1, 0, 1, Duration.ofMinutes(5), Map.of(), List.of());
    }

    /** The platform's path: launch (create, start, listen, initializer) then the first HTTP request, answered. */
    private static double coldStart(InstanceLauncher launcher, InstanceClient client, FunctionSpec fn) throws Exception {
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
            return took;
        } finally {
            launcher.discard(started.instance());
        }
    }

    private static FunctionSpec customRuntime() {
        return new FunctionSpec("bench", "bench-custom-mnt", Runtime.CUSTOM, Optional.of(ROOT.resolve("bench/cold-start/custom-server")),
                CodeMode.MOUNT, Optional.empty(), "", Optional.empty(), Optional.empty(), Duration.ofSeconds(30), Duration.ofSeconds(30), 128,
                1, 0, 1, Duration.ofMinutes(5), Map.of(), List.of(), 9000, List.of("node", "server.js"), List.of());
    }

    /**
     * The engine alone for the custom runtime: create + start what the platform starts (LaunchPlans: the custom image, the
     * code mounted, own network namespace, port published on loopback), then poll until the published port reaches the
     * server (the engine's proxy accepts before the process listens: a connection that stays open is the server).
     */
    private static double customFloor(DockerBackend docker, Ports ports, FunctionSpec fn) {
        return timedStart(docker, ports, fn, (id, port, env) -> io.localfaas.images.LaunchPlans.of(fn, new InstanceLaunch(id, fn.name(),
                fn.instanceImage(), fn.codeUri(), port, fn.memorySize(), env, labels(fn, id)), fn.instanceImage()), ColdStartBench::serving);
    }

    private static boolean serving(int port) {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 200);
            s.setSoTimeout(100);
            return s.getInputStream().read() != -1;
        } catch (java.net.SocketTimeoutException e) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** The engine alone: create + start the same image, then poll the port until the process accepts. */
    private static double floor(DockerBackend docker, Ports ports, FunctionSpec fn, String image) {
        return timedStart(docker, ports, fn, (id, port, env) -> new InstanceLaunch(id, fn.name(), image, Optional.empty(), port,
                fn.memorySize(), env, labels(fn, id)), ColdStartBench::accepts);
    }

    interface LaunchOf {
        InstanceLaunch launch(String id, int port, Map<String, String> env);
    }

    /** Starts {@code launchOf}'s launch on the engine and polls {@code ready} on its port: the milliseconds until it is. */
    private static double timedStart(DockerBackend docker, Ports ports, FunctionSpec fn, LaunchOf launchOf,
                                     java.util.function.IntPredicate ready) {
        int port = ports.acquire();
        String id = UUID.randomUUID().toString().substring(0, 8);
        InstanceLaunch launch = launchOf.launch(id, port, InstanceEnvironment.of(fn, id, port, "/code/"));
        long t0 = System.nanoTime();
        RunningInstance r = docker.start(launch);
        try {
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (!ready.test(port)) {
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

    private static Map<String, String> labels(FunctionSpec fn, String id) {
        return Map.of(Labels.OWNER, Labels.OWNER_VALUE, Labels.PLATFORM, io.localfaas.OrphanPolicy.selfId(), Labels.FUNCTION, fn.name(),
                Labels.INSTANCE, id);
    }

    private static boolean accepts(int port) {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static double ms(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }

    private static double quantile(List<Double> xs, double q) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(Double::compare);
        return s.get(Math.min(s.size() - 1, (int) Math.floor(q * (s.size() - 1) + 0.5)));
    }

    private static void print(int runs, Map<String, List<Double>> series) {
        System.out.printf("%d run(s) each, interleaved; milliseconds%n%n", runs);
        System.out.println("| series | n | median | p90 | min |");
        System.out.println("|---|---|---|---|---|");
        series.forEach((name, xs) -> System.out.printf("| %s | %d | %.1f | %.1f | %.1f |%n", name, xs.size(), quantile(xs, 0.5),
                quantile(xs, 0.9), xs.stream().mapToDouble(Double::doubleValue).min().orElse(0)));
        System.out.println();
        List<Double> customCold = series.get("custom platform cold start, code mounted");
        List<Double> customFloor = series.get("custom floor: engine create+start+serving, same image, command and network");
        if (customCold != null && customFloor != null) {
            System.out.printf("custom: platform cold start to first response / engine floor (medians) = %.2f%n",
                    quantile(customCold, 0.5) / quantile(customFloor, 0.5));
        }
        for (String rt : List.of("nodejs18", "python3", "java17")) {
            List<Double> cached = series.get(rt + " platform cold start, cached image");
            List<Double> floor = series.get(rt + " floor: engine create+start+listen, same image");
            if (cached != null && floor != null) {
                System.out.printf("%s: platform cold start to first response / engine floor (medians) = %.2f%n", rt,
                        quantile(cached, 0.5) / quantile(floor, 0.5));
            }
        }
        List<Double> miss = series.get("image cache miss (build FROM nodejs18 + code)");
        List<Double> hit = series.get("image cache hit");
        if (miss != null && hit != null) {
            System.out.printf("image cache: miss / hit (medians) = %.0f%n", quantile(miss, 0.5) / Math.max(0.001, quantile(hit, 0.5)));
        }
    }
}
