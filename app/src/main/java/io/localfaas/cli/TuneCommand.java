package io.localfaas.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.localfaas.loadtest.AdminClient;
import io.localfaas.loadtest.Durations;
import io.localfaas.loadtest.HttpTarget;
import io.localfaas.loadtest.LoadGenerator;
import io.localfaas.loadtest.LoadPlan;
import io.localfaas.loadtest.Reports;
import io.localfaas.loadtest.Stages;
import io.localfaas.loadtest.TuneRule;
import io.localfaas.loadtest.Tuner;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code faas tune FUNCTION}: the same load at several instanceConcurrency values (the pool restarted with each, via
 * the admin API), the trade per value, and a recommendation under {@link TuneRule}. Exit 0 ok, 1 failure, 2 bad input.
 */
@Command(name = "tune", description = {"Run the same load at several instanceConcurrency values and recommend one.",
        "Needs the admin token; each value restarts the function's pool (until the configuration is reloaded)."})
final class TuneCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FUNCTION", description = "the function to tune")
    String function;

    @Mixin
    LoadOptions load;

    @Option(names = "--values", defaultValue = "1,2,4,8", description = "values to try: a list (1,2,4,8) or a range (1-8, 1-64:x2, 1-16:+4) (default: ${DEFAULT-VALUE})")
    String values;

    @Option(names = "--tolerance", defaultValue = "20", description = "p99 may be this many percent above the best (default: ${DEFAULT-VALUE})")
    double tolerance;

    @Option(names = "--max-error-rate", defaultValue = "1", description = "percent of errors a value may have (default: ${DEFAULT-VALUE})")
    double maxErrorRate;

    @Option(names = "--warmup", defaultValue = "3s", description = "unmeasured load before each measured run (default: ${DEFAULT-VALUE}; 0s: none)")
    String warmup;

    @Option(names = "--json", description = "write the decision and every run's report as JSON")
    Path json;

    @Option(names = "--html", description = "write one HTML file comparing the runs")
    Path html;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        return LoadOptions.exitCode("faas tune", err, () -> run(out, err));
    }

    private int run(PrintWriter out, PrintWriter err) throws IOException, InterruptedException {
        List<Integer> vals = TuneRule.values(values);
        if (tolerance < 0 || maxErrorRate < 0 || maxErrorRate > 100) {
            throw new IllegalArgumentException("--tolerance must be >= 0 and --max-error-rate 0-100");
        }
        LoadPlan plan = load.plan(false, Duration.ZERO, function);
        AdminClient admin = load.admin().orElseThrow(() ->
                new IllegalArgumentException("faas tune needs the admin token (--admin-token or $LOCALFAAS_ADMIN_TOKEN)"));
        HttpTarget t = load.target(function, admin);
        Duration w = Durations.parse(warmup);
        Stages warm = w.isZero() ? null : Stages.constant(w, plan.stages().maxLevel());
        Tuner.Result result;
        try (LoadGenerator gen = new LoadGenerator(t, load.connections(plan), load.timeout(), java.util.Optional.of(admin))) {
            result = new Tuner(gen, admin, function).run(vals, plan, warm, tolerance, maxErrorRate / 100, line -> {
                err.println(line);
                err.flush();
            }, load.progress(err));
        }
        out.print(TuneRule.text(result.decision()));
        Map<String, Object> decision = new LinkedHashMap<>();
        decision.put("function", function);
        decision.put("rule", result.decision().rule());
        decision.put("recommended", result.decision().recommended());
        decision.put("yaml", result.decision().recommended() < 0 ? null : result.decision().yaml());
        decision.put("bestP99Ms", result.decision().bestP99Ms());
        decision.put("limitP99Ms", result.decision().limitP99Ms());
        if (json != null) {
            Map<String, Object> all = new LinkedHashMap<>(decision);
            all.put("rows", result.decision().rows());
            all.put("reports", result.reports());
            Reports.writeJson(all, json);
            out.println("JSON report: " + json);
        }
        if (html != null) {
            Reports.writeHtml("localfaas tune: " + function, "tune", result.reports(), decision, html);
            out.println("HTML report: " + html);
        }
        out.flush();
        return 0;
    }
}
