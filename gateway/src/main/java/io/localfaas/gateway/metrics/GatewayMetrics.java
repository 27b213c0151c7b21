package io.localfaas.gateway.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;


import io.localfaas.failure.PlatformException;
import io.localfaas.gateway.dashboard.RecentActivity;
import io.localfaas.port.ColdStart;
import io.localfaas.port.ImageCacheStats;
import io.localfaas.port.SchedulerListener;
import io.localfaas.spec.FunctionSpec;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The platform's Prometheus metrics, one registry per gateway: requests as the gateway answers them, instance events
 * as a {@link SchedulerListener} (so this exists before the scheduler, which it listens to), image cache hits and
 * misses read from the cache's own statistics. What is read from the running scheduler when scraped (in-flight,
 * instances by state, instance metrics, the async queue) is registered by {@link SchedulerGauges}, once both exist.
 */
public final class GatewayMetrics implements SchedulerListener {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Counter invocations;
    private final Histogram latency;
    private final Counter coldStarts;
    private final Histogram initDuration;
    private final Counter instanceFailures;
    private final Counter instancesRetired;
    private final Counter calls;
    private final Counter idleConnectionsClosed;
    private final RecentActivity activity = new RecentActivity(java.time.Clock.systemUTC());
    /** Each function's request series, looked up once instead of by their labels on every request. */
    private final java.util.concurrent.ConcurrentHashMap<String, Series> series = new java.util.concurrent.ConcurrentHashMap<>();
    /** The call counters by way, looked up once. */
    private final java.util.concurrent.ConcurrentHashMap<String, CounterDataPoint> callsByWay = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * One function's data points: its latency histogram and its request counters by status (made when first seen). The
     * metrics never drop a label set, so a data point once looked up stays the one the registry reports.
     */
    private final class Series {
        private final String function;
        private final DistributionDataPoint latency;
        private final java.util.concurrent.atomic.AtomicReferenceArray<CounterDataPoint> byStatus =
                new java.util.concurrent.atomic.AtomicReferenceArray<>(600);

        Series(String function) {
            this.function = function;
            this.latency = "-".equals(function) ? null : GatewayMetrics.this.latency.labelValues(function);
        }

        CounterDataPoint status(int status) {
            if (status < 0 || status >= 600) {
                return invocations.labelValues(function, Integer.toString(status));
            }
            CounterDataPoint c = byStatus.get(status);
            if (c == null) {
                c = invocations.labelValues(function, Integer.toString(status));
                byStatus.set(status, c);
            }
            return c;
        }
    }

    public GatewayMetrics() {
        this(Optional.empty());
    }

    /** @param imageCacheStats the function image cache's own counters, read when scraped (absent: no image cache) */
    public GatewayMetrics(Optional<Supplier<ImageCacheStats>> imageCacheStats) {
        invocations = Counter.builder().name("localfaas_invocations_total")
                .help("Requests answered, by function and HTTP status").labelNames("function", "status").register(registry);
        // Classic buckets only: the text format /metrics serves cannot carry native histograms, which would only add
        // to every request's cost.
        latency = Histogram.builder().classicOnly().name("localfaas_request_duration_seconds")
                .help("Time from request to response, by function").labelNames("function").register(registry);
        coldStarts = Counter.builder().name("localfaas_cold_starts_total")
                .help("Instances that became ready, by function").labelNames("function").register(registry);
        initDuration = Histogram.builder().classicOnly().name("localfaas_init_duration_seconds")
                .help("Cold start time by phase (start, listen, initialize, total)").labelNames("function", "phase").register(registry);
        instanceFailures = Counter.builder().name("localfaas_instance_start_failures_total")
                .help("Instances that failed to start or initialize").labelNames("function", "kind").register(registry);
        instancesRetired = Counter.builder().name("localfaas_instances_retired_total")
                .help("Instances removed, by reason").labelNames("function", "reason").register(registry);
        calls = Counter.builder().name("localfaas_gateway_calls_total")
                .help("Function calls by how their slot was found: direct (free at once, the call never left the I/O thread) or waited (a worker waited for it)")
                .labelNames("way").register(registry);
        idleConnectionsClosed = Counter.builder().name("localfaas_gateway_idle_connections_closed_total")
                .help("Idle client connections the gateway closed to make room at its connection cap (maxConnections)").register(registry);
        CounterWithCallback.builder().name("localfaas_image_cache_requests_total")
                .help("Function image cache lookups, by result (hit, miss)").labelNames("result")
                .callback(cb -> {
                    ImageCacheStats s = imageCacheStats.map(Supplier::get).orElse(null);
                    cb.call(s == null ? 0 : s.hits(), "hit");
                    cb.call(s == null ? 0 : s.misses(), "miss");
                }).register(registry);
    }

    /** A request answered, with the instance that served it ("-" for none) and whether it paid a cold start. */
    public void request(String function, String instance, boolean cold, int status, Duration duration) {
        request(function, status, duration);
        if (!"-".equals(function)) {
            activity.request(function, "-".equals(instance) ? null : instance, status, duration.toMillis(), cold);
        }
    }

    /** The last requests and cold starts, for the dashboard. */
    public RecentActivity activity() {
        return activity;
    }

    public void request(String function, int status, Duration duration) {
        Series known = series.get(function);
        Series s = known != null ? known : series.computeIfAbsent(function, Series::new);
        s.status(status).inc();
        if (s.latency != null) {
            s.latency.observe(duration.toNanos() / 1e9);
        }
    }

    @Override
    public void instanceReady(FunctionSpec fn, String instanceId, ColdStart coldStart) {
        activity.instanceReady(fn, instanceId, coldStart);
        coldStarts.labelValues(fn.name()).inc();
        initDuration.labelValues(fn.name(), "start").observe(seconds(coldStart.start()));
        initDuration.labelValues(fn.name(), "listen").observe(seconds(coldStart.listen()));
        initDuration.labelValues(fn.name(), "initialize").observe(seconds(coldStart.initialize()));
        initDuration.labelValues(fn.name(), "total").observe(seconds(coldStart.total()));
    }

    @Override
    public void instanceFailed(FunctionSpec fn, String instanceId, PlatformException failure) {
        instanceFailures.labelValues(fn.name(), failure.kind().name().toLowerCase()).inc();
    }

    @Override
    public void instanceRetired(FunctionSpec fn, String instanceId, String reason) {
        instancesRetired.labelValues(fn.name(), reason).inc();
    }

    /** An idle client connection was closed to make room for a new one at the connection cap. */
    public void idleConnectionClosed() {
        idleConnectionsClosed.inc();
    }

    /** Idle client connections closed so far to make room at the connection cap. */
    public long idleConnectionsClosed() {
        return (long) idleConnectionsClosed.get();
    }

    /** A function call's slot was found {@code way}: {@code direct} (free at once) or {@code waited} (a worker waited for it). */
    public void call(String way) {
        var counter = callsByWay.get(way);
        (counter != null ? counter : callsByWay.computeIfAbsent(way, calls::labelValues)).inc();
    }

    /** Function calls that went {@code way} so far. */
    public long calls(String way) {
        return (long) calls.collect().getDataPoints().stream()
                .filter(d -> way.equals(d.getLabels().get("way"))).mapToDouble(d -> d.getValue()).sum();
    }

    /** Requests answered for {@code function} so far, over all statuses. */
    public long invocations(String function) {
        return (long) invocations.collect().getDataPoints().stream()
                .filter(d -> function.equals(d.getLabels().get("function"))).mapToDouble(d -> d.getValue()).sum();
    }

    /** The registry, for the gauges that read the running platform ({@link SchedulerGauges}). */
    PrometheusRegistry registry() {
        return registry;
    }

    public String contentType() {
        return writer.getContentType();
    }

    public void write(OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
