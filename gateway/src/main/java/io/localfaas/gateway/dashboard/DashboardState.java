package io.localfaas.gateway.dashboard;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Function;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.localfaas.port.Desired;
import io.localfaas.port.FunctionSnapshot;
import io.localfaas.port.InstanceMetrics;
import io.localfaas.port.InstanceState;
import io.localfaas.port.InstanceView;
import io.localfaas.port.SchedulerSnapshot;
import io.localfaas.spec.FunctionSpec;
import io.localfaas.spec.ScalingSpec;

/**
 * One frame of the dashboard, as the JSON its page renders: per function its policy and marks, desired vs running
 * instances, requests in flight and queued, each instance's state, in-flight, CPU and memory (fractions of its share
 * and limit) and disk; the recent cold starts and requests. Pure: every input is a parameter.
 */
public final class DashboardState {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DashboardState() {
    }

    /** What the builder reads; the gateway binds it to the scheduler. */
    public record Inputs(String service, long now, SchedulerSnapshot snapshot, Function<String, Optional<FunctionSpec>> specs,
                         Function<String, Optional<InstanceMetrics>> metrics, Function<String, Optional<Desired>> decisions,
                         RecentActivity activity) {
    }

    public static ObjectNode build(Inputs in) {
        ObjectNode root = JSON.createObjectNode();
        root.put("service", in.service());
        root.put("at", in.now());
        root.put("coldStartsRunning", in.snapshot().coldStartsRunning());
        root.put("maxColdStarts", in.snapshot().maxColdStarts());
        ArrayNode fns = root.putArray("functions");
        for (FunctionSnapshot f : in.snapshot().functions()) {
            fns.add(function(f, in));
        }
        ArrayNode colds = root.putArray("coldStartList");
        in.activity().coldStarts().forEach(c -> colds.addObject().put("at", c.at()).put("function", c.function()).put("instance", c.instance())
                .put("totalMs", c.totalMillis()).put("kind", c.kind()).put("breakdown", c.breakdown()));
        ArrayNode requests = root.putArray("requests");
        in.activity().requests().forEach(r -> requests.addObject().put("at", r.at()).put("function", r.function())
                .put("instance", r.instance()).put("status", r.status()).put("ms", r.millis()).put("cold", r.cold()));
        return root;
    }

    private static ObjectNode function(FunctionSnapshot f, Inputs in) {
        ObjectNode o = JSON.createObjectNode();
        Optional<FunctionSpec> spec = in.specs().apply(f.function());
        ScalingSpec scaling = spec.map(FunctionSpec::scaling).orElse(ScalingSpec.CONCURRENCY);
        o.put("name", f.function());
        o.put("policy", scaling.policy().id());
        ObjectNode marks = o.putObject("watermarks");
        putPercent(marks, "cpu", scaling.watermarks().cpuPercent());
        putPercent(marks, "memory", scaling.watermarks().memoryPercent());
        if (scaling.watermarks().connections().isPresent()) {
            marks.put("connections", scaling.watermarks().connections().getAsInt());
        } else {
            marks.putNull("connections");
        }
        int running = f.running();
        Optional<Desired> decision = in.decisions().apply(f.function());
        int desired = decision.map(Desired::instances).orElseGet(f::desiredByConcurrency);
        o.put("desired", desired);
        o.put("running", running);
        o.put("why", decision.map(Desired::why).orElse(null));
        o.put("minInstances", f.minInstances());
        o.put("maxInstances", f.maxInstances());
        o.put("instanceConcurrency", f.instanceConcurrency());
        o.put("executing", f.executing());
        o.put("waiting", f.waiting());
        o.put("coldStarts", f.counters().started());
        o.put("served", f.counters().served());
        ArrayNode instances = o.putArray("instances");
        for (InstanceView v : f.instances()) {
            if (v.state() == InstanceState.RETIRED) {
                continue;
            }
            ObjectNode i = instances.addObject();
            i.put("id", v.id());
            i.put("state", v.state().name());
            i.put("inflight", v.inflight());
            i.put("cold", v.cold());
            Optional<InstanceMetrics> m = in.metrics().apply(v.id());
            put(i, "cpu", m.map(InstanceMetrics::cpu).orElse(OptionalDouble.empty()));
            put(i, "cpuCores", m.map(InstanceMetrics::cpuCores).orElse(OptionalDouble.empty()));
            put(i, "memory", m.map(InstanceMetrics::memory).orElse(OptionalDouble.empty()));
            put(i, "memoryBytes", m.map(InstanceMetrics::memoryBytes).orElse(OptionalLong.empty()));
            put(i, "diskBytes", m.map(InstanceMetrics::diskBytes).orElse(OptionalLong.empty()));
        }
        return o;
    }

    private static void putPercent(ObjectNode o, String key, java.util.OptionalInt percent) {
        if (percent.isPresent()) {
            o.put(key, percent.getAsInt() / 100.0);
        } else {
            o.putNull(key);
        }
    }

    private static void put(ObjectNode o, String key, OptionalDouble v) {
        if (v.isPresent()) {
            o.put(key, v.getAsDouble());
        } else {
            o.putNull(key);
        }
    }

    private static void put(ObjectNode o, String key, OptionalLong v) {
        if (v.isPresent()) {
            o.put(key, v.getAsLong());
        } else {
            o.putNull(key);
        }
    }
}
