package io.localfaas.gateway.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import io.localfaas.Scheduler;
import io.localfaas.SchedulerSnapshot;
import io.localfaas.SchedulerListener;
import io.localfaas.failure.PlatformException;
import io.localfaas.images.ImageCacheStats;
import io.localfaas.lifecycle.ColdStart;
import io.localfaas.gateway.dashboard.RecentActivity;
import io.localfaas.metrics.InstanceMetrics;
import io.localfaas.pool.FunctionSnapshot;
import io.localfaas.pool.InstanceState;
import io.localfaas.pool.InstanceView;
import io.localfaas.spec.FunctionSpec;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The platform's Prometheus metrics, one registry per gateway. Instance events arrive as a {@link SchedulerListener};
 * in-flight requests, instances by state and the async queue are read from the scheduler when scraped.
 * Image cache hits and misses are read from the cache's statistics ({@link #bindImageCache}).
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
    private volatile Scheduler scheduler;
    private final RecentActivity activity = new RecentActivity(java.time.Clock.systemUTC());
    private volatile IntSupplier asyncQueueDepth = () -> 0;
    private volatile Supplier<ImageCacheStats> imageCacheStats;

    public GatewayMetrics() {
        invocations = Counter.builder().name("localfaas_invocations_total")
                .help("Requests answered, by function and HTTP status").labelNames("function", "status").register(registry);
        latency = Histogram.builder().name("localfaas_request_duration_seconds")
                .help("Time from request to response, by function").labelNames("function").register(registry);
        coldStarts = Counter.builder().name("localfaas_cold_starts_total")
                .help("Instances that became ready, by function").labelNames("function").register(registry);
        initDuration = Histogram.builder().name("localfaas_init_duration_seconds")
                .help("Cold start time by phase (start, listen, initialize, total)").labelNames("function", "phase").register(registry);
        instanceFailures = Counter.builder().name("localfaas_instance_start_failures_total")
                .help("Instances that failed to start or initialize").labelNames("function", "kind").register(registry);
        instancesRetired = Counter.builder().name("localfaas_instances_retired_total")
                .help("Instances removed, by reason").labelNames("function", "reason").register(registry);
        CounterWithCallback.builder().name("localfaas_image_cache_requests_total")
                .help("Function image cache lookups, by result (hit, miss)").labelNames("result")
                .callback(cb -> {
                    Supplier<ImageCacheStats> stats = imageCacheStats;
                    ImageCacheStats s = stats == null ? null : stats.get();
                    cb.call(s == null ? 0 : s.hits(), "hit");
                    cb.call(s == null ? 0 : s.misses(), "miss");
                }).register(registry);
        GaugeWithCallback.builder().name("localfaas_inflight_requests")
                .help("Requests executing or waiting for a slot, by function").labelNames("function")
                .callback(cb -> snapshot().ifPresent(s -> s.functions().forEach(f -> cb.call(f.inflight(), f.function()))))
                .register(registry);
        GaugeWithCallback.builder().name("localfaas_waiting_requests")
                .help("Requests waiting for a slot (the function's queue), by function").labelNames("function")
                .callback(cb -> snapshot().ifPresent(s -> s.functions().forEach(f -> cb.call(f.waiting(), f.function()))))
                .register(registry);
        GaugeWithCallback.builder().name("localfaas_instances")
                .help("Instances by function and state").labelNames("function", "state")
                .callback(cb -> snapshot().ifPresent(s -> s.functions().forEach(f -> f.byState().forEach((state, n) -> {
                    if (state != InstanceState.RETIRED) {
                        cb.call(n, f.function(), state.name().toLowerCase(Locale.ROOT));
                    }
                })))).register(registry);
        instanceGauge("localfaas_instance_cpu_ratio", "CPU used by each ready instance, as a fraction of its CPU share (memorySize / 1024 cores)",
                m -> m.cpu().isPresent() ? m.cpu().getAsDouble() : Double.NaN);
        instanceGauge("localfaas_instance_cpu_cores", "CPU used by each ready instance, in cores",
                m -> m.cpuCores().isPresent() ? m.cpuCores().getAsDouble() : Double.NaN);
        instanceGauge("localfaas_instance_memory_bytes", "Memory working set of each ready instance",
                m -> m.memoryBytes().isPresent() ? m.memoryBytes().getAsLong() : Double.NaN);
        instanceGauge("localfaas_instance_memory_ratio", "Memory working set of each ready instance, as a fraction of its limit",
                m -> m.memory().isPresent() ? m.memory().getAsDouble() : Double.NaN);
        instanceGauge("localfaas_instance_disk_bytes", "Bytes used in each ready instance's writable areas (its tmpfs /tmp on Docker)",
                m -> m.diskBytes().isPresent() ? m.diskBytes().getAsLong() : Double.NaN);
        GaugeWithCallback.builder().name("localfaas_desired_instances")
                .help("Instances the watermark policy wants, by function (functions under that policy only)").labelNames("function")
                .callback(cb -> {
                    Scheduler s = scheduler;
                    if (s != null) {
                        s.functions().forEach(f -> s.watermarkDecision(f.name()).ifPresent(d -> cb.call(d.desired(), f.name())));
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("localfaas_cold_starts_running")
                .help("Cold starts running now, platform-wide")
                .callback(cb -> snapshot().ifPresent(s -> cb.call(s.coldStartsRunning()))).register(registry);
        GaugeWithCallback.builder().name("localfaas_async_queue_depth")
                .help("Async invocations waiting for a worker or a retry")
                .callback(cb -> cb.call(asyncQueueDepth.getAsInt())).register(registry);
    }

    /** A gauge per READY instance with a figure (absent figures are not exported). */
    private void instanceGauge(String name, String help, java.util.function.ToDoubleFunction<InstanceMetrics> value) {
        GaugeWithCallback.builder().name(name).help(help).labelNames("function", "instance")
                .callback(cb -> {
                    Scheduler s = scheduler;
                    if (s == null) {
                        return;
                    }
                    for (FunctionSnapshot f : s.snapshot().functions()) {
                        for (InstanceView i : f.instances()) {
                            s.instanceMetrics(i.id()).ifPresent(m -> {
                                double v = value.applyAsDouble(m);
                                if (!Double.isNaN(v)) {
                                    cb.call(v, f.function(), i.id());
                                }
                            });
                        }
                    }
                }).register(registry);
    }

    private Optional<SchedulerSnapshot> snapshot() {
        Scheduler s = scheduler;
        return s == null ? Optional.empty() : Optional.of(s.snapshot());
    }

    /** Reads pools (in-flight, instances by state) from {@code s} and the async queue depth from {@code depth}. */
    public void bind(Scheduler s, IntSupplier depth) {
        this.scheduler = s;
        this.asyncQueueDepth = depth;
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
        invocations.labelValues(function, Integer.toString(status)).inc();
        if (!"-".equals(function)) {
            latency.labelValues(function).observe(duration.toNanos() / 1e9);
        }
    }

    /** Reads image cache hits and misses from {@code stats} when scraped (the image cache's own counters). */
    public void bindImageCache(Supplier<ImageCacheStats> stats) {
        this.imageCacheStats = stats;
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

    /** Requests answered for {@code function} so far, over all statuses. */
    public long invocations(String function) {
        return (long) invocations.collect().getDataPoints().stream()
                .filter(d -> function.equals(d.getLabels().get("function"))).mapToDouble(d -> d.getValue()).sum();
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
