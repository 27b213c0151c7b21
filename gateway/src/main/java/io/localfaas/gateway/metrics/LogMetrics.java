package io.localfaas.gateway.metrics;

import java.util.Map;
import java.util.function.Supplier;

import io.prometheus.metrics.core.metrics.CounterWithCallback;

/**
 * The functions' output as the platform keeps it: lines dropped under floods ({@code LogStore#droppedLines}) and
 * forged marker lines ({@code LogStore#forgedMarkers}).
 */
public final class LogMetrics {
    private LogMetrics() {
    }

    /**
     * Registers {@code localfaas_log_lines_dropped_total{function}} and {@code localfaas_log_markers_forged_total{function}}
     * on {@code metrics}, read from {@code dropped} and {@code forged} when scraped.
     */
    public static void register(GatewayMetrics metrics, Supplier<Map<String, Long>> dropped, Supplier<Map<String, Long>> forged) {
        perFunction(metrics, "localfaas_log_lines_dropped",
                "Lines of output dropped because a function printed faster than they could be stored, by function", dropped);
        perFunction(metrics, "localfaas_log_markers_forged",
                "Marker lines (FC Invoke Start/End RequestId) a function printed for calls its instance was not sent or not running: filed under no request", forged);
    }

    private static void perFunction(GatewayMetrics metrics, String name, String help, Supplier<Map<String, Long>> counts) {
        CounterWithCallback.builder().name(name).help(help).labelNames("function")
                .callback(cb -> counts.get().forEach((function, n) -> cb.call(n, function)))
                .register(metrics.registry());
    }
}
