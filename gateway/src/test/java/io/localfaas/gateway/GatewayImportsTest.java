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
 * the blocking client. The admin API, dashboard, gauges and log tails read it through
 * {@code port.Platform}, {@code port.LogTails} and the snapshot records the port publishes.
 */
class GatewayImportsTest {
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?(io\\.localfaas\\.[\\w.]+);", Pattern.MULTILINE);
    private static final List<String> ALLOWED_PREFIXES = List.of("io.localfaas.gateway.", "io.localfaas.port.", "io.localfaas.spec.");
    private static final Set<String> ALLOWED = Set.of("io.localfaas.failure.PlatformException", "io.localfaas.protocol.InvokeRequest", "io.localfaas.protocol.ResponseHead",
            "io.localfaas.protocol.ControlPath", "io.localfaas.protocol.RequestHead");
    @Test
    void theGatewayImportsOnlyThePortAndTheConfigurationModel() throws IOException {
        Path root = Path.of("src/main/java/io/localfaas/gateway");
        Map<String, List<String>> offending = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String name = root.relativize(f).toString().replace('\\', '/');
                Matcher m = IMPORT.matcher(Files.readString(f));
                while (m.find()) {
                    String imported = m.group(1);
                    if (ALLOWED_PREFIXES.stream().noneMatch(imported::startsWith) && !ALLOWED.contains(imported)) {
                        offending.computeIfAbsent(name, k -> new ArrayList<>()).add(imported);
                    }
                }
            }
        }
        assertEquals(Map.of(), offending, "gateway files importing the core beyond the port");
    }
}
