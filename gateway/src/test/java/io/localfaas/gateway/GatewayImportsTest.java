package io.localfaas.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The gateway reaches the platform's core only through the port ({@code io.localfaas.port}), the configuration model
 * ({@code io.localfaas.spec}), the platform's failures and the call's data records; never pool, backend, lifecycle or
 * the blocking client. The admin API, dashboard, gauges and log tails still read the core directly: they are listed
 * here by file, and the list may only shrink (a read-only port for them is the next step).
 */
class GatewayImportsTest {
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?(io\\.localfaas\\.[\\w.]+);", Pattern.MULTILINE);
    private static final List<String> ALLOWED_PREFIXES = List.of("io.localfaas.gateway.", "io.localfaas.port.", "io.localfaas.spec.");
    private static final Set<String> ALLOWED = Set.of("io.localfaas.failure.PlatformException", "io.localfaas.protocol.InvokeRequest",
            "io.localfaas.protocol.ControlPath", "io.localfaas.protocol.RequestHead");
    /** The read side that still imports the core, by file: may only shrink. */
    private static final Map<String, Set<String>> KNOWN = Map.of(
            "GatewayServer.java", Set.of("io.localfaas.Scheduler"),
            "AdminHandler.java", Set.of("io.localfaas.Scheduler", "io.localfaas.SchedulerSnapshot", "io.localfaas.pool.FunctionSnapshot",
                    "io.localfaas.metrics.InstanceMetrics"),
            "LogTailSource.java", Set.of("io.localfaas.Scheduler", "io.localfaas.logs.LogStore"),
            "dashboard/DashboardHandler.java", Set.of("io.localfaas.Scheduler"),
            "dashboard/DashboardState.java", Set.of("io.localfaas.SchedulerSnapshot", "io.localfaas.metrics.InstanceMetrics",
                    "io.localfaas.pool.FunctionSnapshot", "io.localfaas.pool.InstanceState", "io.localfaas.pool.InstanceView",
                    "io.localfaas.scaling.Scaler", "io.localfaas.scaling.PoolSnapshot", "io.localfaas.scaling.WatermarkDecision"),
            "dashboard/RecentActivity.java", Set.of("io.localfaas.SchedulerListener", "io.localfaas.lifecycle.ColdStart"),
            "metrics/GatewayMetrics.java", Set.of("io.localfaas.SchedulerListener", "io.localfaas.images.ImageCacheStats",
                    "io.localfaas.lifecycle.ColdStart"),
            "metrics/SchedulerGauges.java", Set.of("io.localfaas.Scheduler", "io.localfaas.metrics.InstanceMetrics",
                    "io.localfaas.pool.FunctionSnapshot", "io.localfaas.pool.InstanceState", "io.localfaas.pool.InstanceView"));

    @Test
    void theGatewayImportsOnlyThePortTheConfigurationModelAndTheKnownReadSide() throws IOException {
        Path root = Path.of("src/main/java/io/localfaas/gateway");
        Map<String, List<String>> offending = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String name = root.relativize(f).toString().replace('\\', '/');
                Matcher m = IMPORT.matcher(Files.readString(f));
                while (m.find()) {
                    String imported = m.group(1);
                    if (ALLOWED_PREFIXES.stream().noneMatch(imported::startsWith) && !ALLOWED.contains(imported)
                            && !KNOWN.getOrDefault(name, Set.of()).contains(imported)) {
                        offending.computeIfAbsent(name, k -> new ArrayList<>()).add(imported);
                    }
                }
            }
        }
        assertEquals(Map.of(), offending, "gateway files importing the core beyond the port");
    }
}
