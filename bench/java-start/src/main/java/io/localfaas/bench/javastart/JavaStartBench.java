package io.localfaas.bench.javastart;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.localfaas.OrphanPolicy;
import io.localfaas.backend.InstanceLaunch;
import io.localfaas.backend.Labels;
import io.localfaas.backend.RunningInstance;
import io.localfaas.backend.docker.DockerBackend;

/**
 * For each JVM flag set (the launcher's {@code LOCALFAAS_JVM_FLAGS}; unset = the shipped tuning), in rounds that run
 * every variant once in a rotating order: create + start a runtime-java17 container through {@link DockerBackend}, poll
 * its loopback port until it accepts, then {@code /initialize} and a first HTTP invocation of the java-hello sample;
 * remove the container. Prints medians per phase and the total's ratio to the untuned JVM, as a Markdown table.
 */
public final class JavaStartBench {
    private static final String IMAGE = io.localfaas.spec.Runtime.JAVA17.image();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int MEMORY_MB = 256;
    private static final String ARCHIVE = "-Xshare:auto -XX:SharedArchiveFile=/var/fc/runtime/java17/bootstrap.jsa";

    /** name -> LOCALFAAS_JVM_FLAGS (empty: not set, the launcher's shipped flags). */
    static Map<String, Optional<String>> variants() {
        Map<String, Optional<String>> v = new LinkedHashMap<>();
        v.put("JVM defaults (no tuning; default JDK CDS)", Optional.of(""));
        v.put("-Xshare:off (no CDS at all)", Optional.of("-Xshare:off"));
        v.put("-XX:+UseSerialGC", Optional.of("-XX:+UseSerialGC"));
        v.put("-XX:TieredStopAtLevel=1", Optional.of("-XX:TieredStopAtLevel=1"));
        v.put("-XX:-UsePerfData", Optional.of("-XX:-UsePerfData"));
        v.put("AppCDS archive (training run)", Optional.of(ARCHIVE));
        v.put("AppCDS + SerialGC + -UsePerfData", Optional.of(ARCHIVE + " -XX:+UseSerialGC -XX:-UsePerfData"));
        v.put("shipped: AppCDS + SerialGC + -UsePerfData + TieredStopAtLevel=1", Optional.empty());
        return v;
    }

    /** The variants at the given indexes, in that order; all of them when none are given. */
    static Map<String, Optional<String>> pick(Map<String, Optional<String>> all, List<Integer> indexes) {
        if (indexes.isEmpty()) {
            return all;
        }
        List<String> names = new ArrayList<>(all.keySet());
        Map<String, Optional<String>> chosen = new LinkedHashMap<>();
        for (int i : indexes) {
            chosen.put(names.get(i), all.get(names.get(i)));
        }
        return chosen;
    }

    record Sample(double startMs, double listenMs, double firstResponseMs) {
        double totalMs() {
            return startMs + listenMs + firstResponseMs;
        }
    }

    public static void main(String[] args) throws Exception {
        int runs = 7;
        List<Integer> only = List.of();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--runs") && i + 1 < args.length) {
                runs = Math.max(1, Math.min(30, Integer.parseInt(args[++i])));
            } else if (args[i].equals("--variants") && i + 1 < args.length) {
                only = java.util.Arrays.stream(args[++i].split(",")).map(String::trim).map(Integer::parseInt).toList();
            }
        }
        Path code = Path.of("sample-functions", "java-hello", "code").toAbsolutePath();
        if (!Files.isRegularFile(code.resolve("java-hello.jar"))) {
            throw new IllegalStateException("no " + code.resolve("java-hello.jar") + ": build the sample first");
        }
        Map<String, Optional<String>> variants = pick(variants(), only);
        Map<String, List<Sample>> samples = new LinkedHashMap<>();
        variants.keySet().forEach(k -> samples.put(k, new ArrayList<>()));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try (DockerBackend docker = DockerBackend.connect()) {
            once(docker, http, code, Optional.empty(), "warmup"); // page cache, engine warm-up; not counted
            List<String> names = new ArrayList<>(variants.keySet());
            for (int round = 0; round < runs; round++) {
                for (int k = 0; k < names.size(); k++) {
                    String name = names.get((k + round) % names.size());
                    samples.get(name).add(once(docker, http, code, variants.get(name), "r" + round + "v" + k));
                }
                System.err.printf("round %d/%d done%n", round + 1, runs);
            }
        }
        print(samples, runs);
    }

    private static Sample once(DockerBackend docker, HttpClient http, Path code, Optional<String> flags, String id) throws Exception {
        int port = freePort();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("FC_SERVER_PORT", Integer.toString(port));
        env.put("FC_SERVER_HOST", "127.0.0.1");
        env.put("FC_HANDLER", "example.HelloFC::handleRequest");
        env.put("FC_FUNCTION_HANDLER", "example.HelloFC::handleRequest");
        env.put("FC_INITIALIZER", "example.HelloFC::initialize");
        env.put("FC_FUNCTION_NAME", "bench");
        env.put("FC_MEMORY_SIZE", Integer.toString(MEMORY_MB));
        env.put("FC_INSTANCE_CONCURRENCY", "1");
        flags.ifPresent(f -> env.put("LOCALFAAS_JVM_FLAGS", f));
        String key = io.localfaas.protocol.InstanceKey.generate();
        env.put(io.localfaas.protocol.InstanceKey.ENV, key);
        String instanceId = "javastart-" + id + "-" + Long.toHexString(System.nanoTime());
        Map<String, String> labels = Map.of(Labels.OWNER, Labels.OWNER_VALUE, Labels.PLATFORM, OrphanPolicy.selfId(),
                Labels.FUNCTION, "bench-java-start", Labels.INSTANCE, instanceId);
        long t0 = System.nanoTime();
        RunningInstance instance = docker.start(new InstanceLaunch(instanceId, "bench-java-start", IMAGE, Optional.of(code), port,
                MEMORY_MB, env, labels));
        try {
            long t1 = System.nanoTime();
            awaitAccept(port);
            long t2 = System.nanoTime();
            expect200(http.send(request(port, key, "/initialize", "/initialize", "POST"), HttpResponse.BodyHandlers.ofString()));
            expect200(http.send(request(port, key, "/http-invoke", "/hello?name=bench", "GET"), HttpResponse.BodyHandlers.ofString()));
            long t3 = System.nanoTime();
            return new Sample(ms(t1 - t0), ms(t2 - t1), ms(t3 - t2));
        } finally {
            docker.remove(instance);
        }
    }

    private static HttpRequest request(int port, String key, String control, String target, String method) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + target)).timeout(WAIT)
                .header("x-fc-control-path", control).header(io.localfaas.protocol.InstanceKey.HEADER, key).method(method, HttpRequest.BodyPublishers.noBody()).build();
    }

    private static void expect200(HttpResponse<String> r) {
        if (r.statusCode() != 200) {
            throw new IllegalStateException("status " + r.statusCode() + ": " + r.body());
        }
    }

    private static void awaitAccept(int port) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
            }
        }
        throw new IllegalStateException("port " + port + " did not accept within " + WAIT);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static void print(Map<String, List<Sample>> samples, int runs) {
        double baseline = median(samples.values().iterator().next().stream().map(Sample::totalMs).toList());
        System.out.printf(Locale.ROOT, "%d rounds, memorySize %d MB, image %s; medians in ms%n%n", runs, MEMORY_MB, IMAGE);
        System.out.println("| JVM flags | create+start (API) | start -> listening | init + first response | total | min-max total | total vs first row |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        samples.forEach((name, list) -> {
            List<Double> totals = list.stream().map(Sample::totalMs).toList();
            double total = median(totals);
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.0f | %.0f-%.0f | %.2f |%n", name,
                    median(list.stream().map(Sample::startMs).toList()), median(list.stream().map(Sample::listenMs).toList()),
                    median(list.stream().map(Sample::firstResponseMs).toList()), total,
                    totals.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                    totals.stream().mapToDouble(Double::doubleValue).max().orElse(0), total / baseline);
        });
    }

    private JavaStartBench() {
    }
}
