package io.localfaas.gateway.metrics;

import java.util.Map;
import java.util.function.Supplier;

import io.prometheus.metrics.core.metrics.CounterWithCallback;

/** The functions' output as the platform keeps it: lines dropped under floods ({@code LogStore#droppedLines}). */
public final class LogMetrics {
    private LogMetrics() {
    }

    /** Registers {@code localfaas_log_lines_dropped_total{function}} on {@code metrics}, read from {@code dropped}. */
    public static void register(GatewayMetrics metrics, Supplier<Map<String, Long>> dropped) {
        CounterWithCallback.builder().name("localfaas_log_lines_dropped")
                .help("Lines of output dropped because a function printed faster than they could be stored, by function")
                .labelNames("function")
                .callback(cb -> dropped.get().forEach((function, n) -> cb.call(n, function)))
                .register(metrics.registry());
    }
}
