package io.localfaas.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.localfaas.loadtest.AdminClient;
import io.localfaas.loadtest.Compare;
import io.localfaas.loadtest.Durations;
import io.localfaas.loadtest.HttpTarget;
import io.localfaas.loadtest.LoadGenerator;
import io.localfaas.loadtest.LoadPlan;
import io.localfaas.loadtest.Report;
import io.localfaas.loadtest.Reports;
import io.localfaas.loadtest.Stages;
import io.localfaas.loadtest.Threshold;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code faas loadtest TARGET}: loads a function (by name, on a running platform) or a URL, and reports what it saw;
 * {@code faas loadtest --compare A.json B.json} shows two reports side by side. Exit 0 ok, 1 failure, 2 bad input,
 * {@value #THRESHOLDS_FAILED} when a {@code --threshold} failed (k6's code for the same).
 */
@Command(name = "loadtest", description = {"Load a function of a running platform (or a URL) and report latency, errors, cold starts and instances.",
        "Closed loop (--clients), open loop (--rate, latency from the intended send time), or --stages; --force-cold retires instances."})
final class LoadtestCommand implements Callable<Integer> {
    /** The exit code when the run ended and at least one threshold failed: k6's, which CI scripts already know. */
    static final int THRESHOLDS_FAILED = 99;

    @Parameters(index = "0", arity = "0..1", paramLabel = "TARGET", description = "a function name, or an http:// URL")
    String target;

    @Mixin
    LoadOptions load;

    @Option(names = "--force-cold", description = "retire the function's instances before the run (admin API), so it starts cold")
    boolean forceCold;

    @Option(names = "--force-cold-every", paramLabel = "DURATION", description = "also retire them every DURATION during the run")
    String forceColdEvery;

    @Option(names = "--warmup", paramLabel = "DURATION", description = "run the same load this long first, unmeasured")
    String warmup;

    @Option(names = "--json", description = "write the report as JSON to this file")
    Path json;

    @Option(names = "--html", description = "write the report as one self-contained HTML file with charts")
    Path html;

    @Option(names = "--threshold", paramLabel = "EXPR", description = {"a pass/fail rule evaluated at the end (repeatable), for example"
            + " p95<300ms, p99<1s, errors<1%%, cold.p99<2s, throughput>500; exit " + THRESHOLDS_FAILED + " when one fails"})
    List<String> thresholds = new java.util.ArrayList<>();

    @Mixin
    TraceOptions trace;

    @Option(names = "--compare", arity = "2", paramLabel = "REPORT.json", description = "compare two JSON reports (A then B) instead of running")
    List<Path> compare;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        return LoadOptions.exitCode("faas loadtest", err, () -> compare != null ? compare(out) : run(out, err));
    }

    private int compare(PrintWriter out) throws IOException {
        if (target != null) {
            throw new IllegalArgumentException("--compare takes two report files and no TARGET");
        }
        Report a = Reports.readJson(compare.get(0));
        Report b = Reports.readJson(compare.get(1));
        out.print(Compare.text(compare.get(0).toString(), a, compare.get(1).toString(), b));
        if (html != null) {
            Report la = a.withLabel("A: " + compare.get(0).getFileName());
            Report lb = b.withLabel("B: " + compare.get(1).getFileName());
            Reports.writeHtml("localfaas loadtest: " + compare.get(0).getFileName() + " vs " + compare.get(1).getFileName(), "compare",
                    List.of(la, lb), null, html);
            out.println("HTML report: " + html);
        }
        out.flush();
        return 0;
    }

    private int run(PrintWriter out, PrintWriter err) throws IOException, InterruptedException {
        List<Threshold> rules = thresholds.stream().map(Threshold::parse).toList();
        if (trace.file != null) {
            return replay(out, err, rules);
        }
        if (target == null) {
            throw new IllegalArgumentException("give a TARGET (a function name or a URL), --trace FILE, or --compare A.json B.json");
        }
        Duration every = forceColdEvery == null ? Duration.ZERO : Durations.parse(forceColdEvery);
        LoadPlan plan = load.plan(forceCold, every, target);
        Optional<AdminClient> admin = load.admin();
        if ((forceCold || !every.isZero()) && admin.isEmpty()) {
            throw new IllegalArgumentException("--force-cold needs the admin token (--admin-token or $LOCALFAAS_ADMIN_TOKEN)");
        }
        HttpTarget t = load.target(target, admin.orElse(null));
        if ((forceCold || !every.isZero()) && t.function() == null) {
            throw new IllegalArgumentException("--force-cold with a URL needs --function NAME");
        }
        Report r;
        try (LoadGenerator gen = new LoadGenerator(t, load.connections(plan), load.timeout(), admin)) {
            if (warmup != null) {
                gen.run(new LoadPlan(plan.open(), Stages.constant(Durations.parse(warmup), plan.stages().maxLevel()), plan.maxRequests(),
                        false, Duration.ZERO, "warm-up"), p -> { });
            }
            r = gen.run(plan, load.progress(err));
        }
        return finish(r.withThresholds(Threshold.evaluate(rules, r)), target, out, err);
    }

    /** {@code --trace FILE}: the trace's requests on its schedule (open loop), each to its local function. */
    private int replay(PrintWriter out, PrintWriter err, List<Threshold> rules) throws IOException, InterruptedException {
        if (target != null) {
            throw new IllegalArgumentException("--trace replays to the functions the trace names (see --map, --functions); give no TARGET");
        }
        if (forceCold || forceColdEvery != null || warmup != null || load.clients != null || load.rate != null || load.stages != null) {
            throw new IllegalArgumentException("--trace sets its own schedule: no --clients, --rate, --stages, --warmup or --force-cold");
        }
        Optional<AdminClient> admin = load.admin();
        LoadPlan plan = trace.plan(load, admin.orElse(null), load.requests);
        Report r;
        try (LoadGenerator gen = new LoadGenerator(load.gatewayTarget(), load.connections(plan), load.timeout(), Optional.empty())) {
            r = gen.run(plan, load.progress(err));
        }
        return finish(r.withThresholds(Threshold.evaluate(rules, r)), "trace " + trace.file, out, err);
    }

    private int finish(Report r, String title, PrintWriter out, PrintWriter err) throws IOException {
        if (!load.quiet && System.console() != null) {
            err.println();
        }
        out.print(Reports.text(r));
        if (json != null) {
            Reports.writeJson(r, json);
            out.println("JSON report: " + json);
        }
        if (html != null) {
            Reports.writeHtml("localfaas loadtest: " + title, "single", List.of(r), null, html);
            out.println("HTML report: " + html);
        }
        out.flush();
        return verdict(r, err);
    }

    /** 0 when every threshold passed, else {@value #THRESHOLDS_FAILED} with the failed ones named on stderr. */
    static int verdict(Report r, PrintWriter err) {
        if (r.thresholdsPassed()) {
            return 0;
        }
        r.thresholds().stream().filter(v -> !v.passed()).forEach(v -> err.println("faas loadtest: threshold " + v.describe()));
        err.flush();
        return THRESHOLDS_FAILED;
    }
}
