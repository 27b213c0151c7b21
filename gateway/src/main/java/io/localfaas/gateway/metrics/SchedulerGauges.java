package io.localfaas.gateway.metrics;

import java.util.Locale;
import java.util.function.IntSupplier;
import java.util.function.ToDoubleFunction;

import io.localfaas.port.FunctionSnapshot;
import io.localfaas.port.InstanceMetrics;
import io.localfaas.port.InstanceState;
import io.localfaas.port.InstanceView;
import io.localfaas.port.Platform;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The gauges read from the running platform when {@code /metrics} is scraped: requests in flight and waiting,
 * instances by state, each ready instance's CPU, memory and disk, the watermark policy's desired instances, cold starts
 * running, and the async queue. Registered once, by the gateway that has both the scheduler and the async queue.
 */
public final class SchedulerGauges {
    private final Platform scheduler;
    private final IntSupplier asyncQueueDepth;
    private final PrometheusRegistry registry;

    private SchedulerGauges(Platform scheduler, IntSupplier asyncQueueDepth, PrometheusRegistry registry) {
        this.scheduler = scheduler;
        this.asyncQueueDepth = asyncQueueDepth;
        this.registry = registry;
    }

    /** Registers the gauges reading {@code scheduler} and {@code asyncQueueDepth} in {@code metrics}' registry. */
    public static void register(GatewayMetrics metrics, Platform scheduler, IntSupplier asyncQueueDepth) {
        new SchedulerGauges(scheduler, asyncQueueDepth, metrics.registry()).register();
    }

    private void register() {
        GaugeWithCallback.builder().name("localfaas_inflight_requests")
                .help("Requests executing or waiting for a slot, by function").labelNames("function")
                .callback(cb -> scheduler.snapshot().functions().forEach(f -> cb.call(f.inflight(), f.function())))
                .register(registry);
        GaugeWithCallback.builder().name("localfaas_waiting_requests")
                .help("Requests waiting for a slot (the function's queue), by function").labelNames("function")
                .callback(cb -> scheduler.snapshot().functions().forEach(f -> cb.call(f.waiting(), f.function())))
                .register(registry);
        GaugeWithCallback.builder().name("localfaas_instances")
                .help("Instances by function and state").labelNames("function", "state")
                .callback(cb -> scheduler.snapshot().functions().forEach(f -> f.byState().forEach((state, n) -> {
                    if (state != InstanceState.RETIRED) {
                        cb.call(n, f.function(), state.name().toLowerCase(Locale.ROOT));
                    }
                }))).register(registry);
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
                .callback(cb -> scheduler.functions()
                        .forEach(f -> scheduler.watermarkDesired(f.name()).ifPresent(d -> cb.call(d.instances(), f.name()))))
                .register(registry);
        GaugeWithCallback.builder().name("localfaas_cold_starts_running")
                .help("Cold starts running now, platform-wide")
                .callback(cb -> cb.call(scheduler.snapshot().coldStartsRunning())).register(registry);
        GaugeWithCallback.builder().name("localfaas_async_queue_depth")
                .help("Async invocations waiting for a worker or a retry")
                .callback(cb -> cb.call(asyncQueueDepth.getAsInt())).register(registry);
    }

    /** A gauge per READY instance with a figure (absent figures are not exported). */
    private void instanceGauge(String name, String help, ToDoubleFunction<InstanceMetrics> value) {
        GaugeWithCallback.builder().name(name).help(help).labelNames("function", "instance")
                .callback(cb -> {
                    for (FunctionSnapshot f : scheduler.snapshot().functions()) {
                        for (InstanceView i : f.instances()) {
                            scheduler.instanceMetrics(i.id()).ifPresent(m -> {
                                double v = value.applyAsDouble(m);
                                if (!Double.isNaN(v)) {
                                    cb.call(v, f.function(), i.id());
                                }
                            });
                        }
                    }
                }).register(registry);
    }
}
