package io.localfaas.scaling;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * The watermark policy, a pure function of a snapshot, the time and the previous state (as Knative's
 * {@code Scale(now)} and Kubernetes' HPA): for every mark, the ratio of the load observed on the ready instances to
 * the mark; desired = ceil(ready × the highest ratio) = ceil(the load summed over ready instances / the mark).
 * A ratio within the tolerance of 1 keeps the count; more instances are wanted at once; fewer only when every
 * recommendation of the last window was below the running count (then the highest of them). Instances still starting
 * are counted but not measured, so a scale-out is not repeated while its instances start; a ready instance with no
 * figure yet counts as idle when scaling out and as at the mark when scaling in. With no metric at all the count holds. instanceConcurrency stays the hard cap, so the concurrency rule is a floor; the result is clamped to
 * min/max.
 */
public final class WatermarkScaler {
    private WatermarkScaler() {
    }

    public static WatermarkDecision decide(WatermarkSnapshot s, WatermarkPolicy policy, WatermarkState state, Instant now) {
        int total = s.instances().size();
        List<InstanceLoad> ready = s.instances().stream().filter(InstanceLoad::ready).toList();
        double ratio = -1;
        String metric = "";
        for (var m : List.<java.util.Map.Entry<String, Double>>of(
                java.util.Map.entry("cpu", ratio(ready, InstanceLoad::cpu, policy.cpu())),
                java.util.Map.entry("memory", ratio(ready, InstanceLoad::memory, policy.memory())),
                java.util.Map.entry("connections", ratio(ready, i -> OptionalDouble.of(i.inflight()), policy.connections())))) {
            if (m.getValue() > ratio) {
                ratio = m.getValue();
                metric = m.getKey();
            }
        }
        int byMarks;
        String why;
        if (ratio < 0) {
            byMarks = total;
            why = "no metric yet: hold";
        } else {
            // The load summed over ready instances, as a ratio to the running count (starting ones count as idle).
            double overall = ratio * ready.size() / Math.max(1, total);
            if (Math.abs(overall - 1) <= policy.tolerance()) {
                byMarks = total;
            } else {
                byMarks = (int) Math.min(Integer.MAX_VALUE, Math.ceil(ratio * ready.size() - 1e-9));
            }
            why = String.format(java.util.Locale.ROOT, "%s at %.0f%% of its mark", metric, ratio * 100);
        }
        int byConcurrency = (int) Math.min(Integer.MAX_VALUE, ((long) s.inflight() + s.instanceConcurrency() - 1) / s.instanceConcurrency());
        if (byConcurrency > byMarks) {
            why = "in-flight needs " + byConcurrency + " at instanceConcurrency " + s.instanceConcurrency() + "; " + why;
        }
        int recommended = clamp(Math.max(byMarks, byConcurrency), s.minInstances(), s.maxInstances());

        List<WatermarkState.Recommendation> recent = new ArrayList<>();
        for (WatermarkState.Recommendation r : state.recent()) {
            if (r.at().isAfter(now.minus(policy.window()))) {
                recent.add(r);
            }
        }
        recent.add(new WatermarkState.Recommendation(now, recommended));
        WatermarkState next = new WatermarkState(state.since(), recent);

        int desired;
        if (recommended >= total) {
            desired = recommended;
        } else if (now.isBefore(state.since().plus(policy.window()))) {
            desired = total;
            why = why + "; watched for less than the window: hold";
        } else {
            int highest = recent.stream().mapToInt(WatermarkState.Recommendation::instances).max().orElse(recommended);
            desired = Math.max(recommended, Math.min(total, highest));
            if (desired == total) {
                why = why + "; above the mark within the window: hold";
            }
        }
        desired = clamp(desired, s.minInstances(), s.maxInstances());
        return new WatermarkDecision(desired, Math.max(0, desired - total), Math.max(0, total - desired), why, next);
    }

    /**
     * The average of a metric over the ready instances, divided by its mark; -1 when not watched or no instance
     * reports it. Ready instances without a figure count as HPA counts them: idle when the others are over the mark
     * (so a scale-out is not inflated), at the mark when they are under it (so a scale-in is not hastened).
     */
    private static double ratio(List<InstanceLoad> ready, Function<InstanceLoad, OptionalDouble> metric, OptionalDouble mark) {
        if (mark.isEmpty()) {
            return -1;
        }
        double sum = 0;
        int n = 0;
        for (InstanceLoad i : ready) {
            OptionalDouble v = metric.apply(i);
            if (v.isPresent()) {
                sum += v.getAsDouble();
                n++;
            }
        }
        if (n == 0) {
            return -1;
        }
        double target = mark.getAsDouble();
        int missing = ready.size() - n;
        double average = sum / n > target ? sum / ready.size() : (sum + missing * target) / ready.size();
        return average / target;
    }

    private static int clamp(int v, int min, int max) {
        return Math.max(min, Math.min(max, v));
    }
}
