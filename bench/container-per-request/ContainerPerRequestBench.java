import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.localfaas.backend.docker.DockerBackend;
import io.localfaas.lifecycle.InstanceLauncher;
import io.localfaas.lifecycle.Ports;
import io.localfaas.lifecycle.StartedInstance;
import io.localfaas.protocol.ControlPath;
import io.localfaas.protocol.InstanceClient;
import io.localfaas.protocol.InvokeRequest;
import io.localfaas.protocol.InvokeResponse;
import io.localfaas.spec.CodeMode;
import io.localfaas.spec.FunctionSpec;
import io.localfaas.spec.Runtime;

/**
 * The baseline of bench/container-per-request: what {@code sam local invoke} and {@code fun local invoke} do for each
 * invocation, through the Docker API: create a container of the runtime image with the code mounted, start it, wait
 * until it listens, send the one event, remove the container. Sequential; prints one line:
 * {@code requests errors seconds p50ms p99ms maxms}. Bounded by a request count and a deadline. Loopback only.
 */
public final class ContainerPerRequestBench {
    public static void main(String[] args) throws Exception {
        int n = Math.max(1, Math.min(500, Integer.parseInt(args[0])));
        long deadline = System.nanoTime() + Duration.ofSeconds(Math.max(1, Math.min(900, Integer.parseInt(args[1])))).toNanos();
        Path code = Path.of(args[2]).toAbsolutePath();
        FunctionSpec fn = new FunctionSpec("bench", "per-request", Runtime.NODEJS18, Optional.of(code), CodeMode.MOUNT, Optional.empty(),
                "fc.event", Optional.empty(), Optional.empty(), Duration.ofSeconds(30), Duration.ofSeconds(30), 128, 1, 0, 1,
                Duration.ofMinutes(5), Map.of(), List.of());
        List<Double> ms = new ArrayList<>();
        int errors = 0;
        try (DockerBackend docker = DockerBackend.connect(); InstanceClient client = new InstanceClient()) {
            InstanceLauncher launcher = new InstanceLauncher(docker, client, new Ports(), io.localfaas.OrphanPolicy.selfId(), Duration.ofSeconds(60));
            once(launcher, client, fn); // warm-up, not recorded
            long t0 = System.nanoTime();
            for (int i = 0; i < n && System.nanoTime() < deadline; i++) {
                long s = System.nanoTime();
                boolean ok = once(launcher, client, fn);
                ms.add((System.nanoTime() - s) / 1e6);
                errors += ok ? 0 : 1;
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            ms.sort(Double::compare);
            System.out.printf(java.util.Locale.ROOT, "%d %d %.3f %.1f %.1f %.1f%n", ms.size(), errors, secs, q(ms, 0.5), q(ms, 0.99),
                    ms.get(ms.size() - 1));
        }
    }

    private static boolean once(InstanceLauncher launcher, InstanceClient client, FunctionSpec fn) throws Exception {
        StartedInstance started = launcher.launch(fn, UUID.randomUUID().toString().substring(0, 8), () -> {
        });
        try {
            InvokeResponse r = client.send(started.instance(), fn, new InvokeRequest(UUID.randomUUID().toString(), ControlPath.INVOKE,
                    "POST", ControlPath.INVOKE.path(), Map.of(), "{}".getBytes(), Optional.empty(), Optional.empty()), Duration.ofSeconds(30));
            return r.status() == 200 && !r.isFunctionError();
        } finally {
            launcher.discard(started.instance());
        }
    }

    private static double q(List<Double> sorted, double q) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(q * (sorted.size() - 1) + 0.5)));
    }
}
