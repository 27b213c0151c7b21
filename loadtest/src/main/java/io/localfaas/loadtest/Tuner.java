package io.localfaas.loadtest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code faas tune}: for each instanceConcurrency value, restarts the function's pool with it (admin API), runs a
 * warm-up (not measured), then the measured load, and applies {@link TuneRule}.
 */
public final class Tuner {
    private final LoadGenerator generator;
    private final AdminClient admin;
    private final String function;

    public Tuner(LoadGenerator generator, AdminClient admin, String function) {
        this.generator = generator;
        this.admin = admin;
        this.function = function;
    }

    public record Result(TuneRule.Decision decision, List<Report> reports) {
    }

    /** @param warmup the warm-up profile, or null for none; {@code log} gets one line per step */
    public Result run(List<Integer> values, LoadPlan plan, Stages warmup, double tolerancePercent, double maxErrorRate,
                      Consumer<String> log, Consumer<Recorder.Progress> progress) throws IOException, InterruptedException {
        List<TuneRule.Run> runs = new ArrayList<>();
        List<Report> reports = new ArrayList<>();
        for (int v : values) {
            log.accept("instanceConcurrency " + v + ": restarting the pool of " + function);
            admin.instanceConcurrency(function, v);
            if (warmup != null) {
                generator.run(plan.withStages(warmup).withLabel("warm-up"), p -> { });
            }
            Report r = generator.run(plan.withLabel("instanceConcurrency=" + v), progress);
            log.accept(String.format(java.util.Locale.ROOT, "instanceConcurrency %d: %d requests, %d errors, p99 %.1f ms, %.1f req/s, %d instances",
                    v, r.requests(), r.errors(), r.latencyMs().all().p99(), r.throughput(), r.instancesSeen()));
            runs.add(new TuneRule.Run(v, r));
            reports.add(r);
        }
        return new Result(TuneRule.recommend(runs, tolerancePercent, maxErrorRate), reports);
    }
}
