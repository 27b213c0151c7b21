package io.localfaas.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.localfaas.loadtest.Durations;
import io.localfaas.loadtest.Replay;
import io.localfaas.loadtest.Report;
import io.localfaas.loadtest.Reports;
import io.localfaas.loadtest.trace.Trace;
import io.localfaas.simulate.DurationDistribution;
import io.localfaas.simulate.Grid;
import io.localfaas.simulate.Simulator;
import io.localfaas.simulate.Target;
import io.localfaas.spec.AppSpec;
import io.localfaas.spec.ConfigException;
import io.localfaas.spec.FunctionSpec;
import io.localfaas.spec.SpecLoader;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code faas simulate --trace FILE CONFIG}: the scheduler's pools replay the trace on a virtual clock, for the
 * configuration as written and each {@code --vary} combination, and the cheapest setting meeting {@code --target} is
 * recommended. Exit 0 ok, 1 failure, 2 bad input or configuration.
 */
@Command(name = "simulate", description = {"Replay a trace through the real pool and scaling code on a virtual clock: cold starts, added",
        "latency, instance- and memory-seconds per function, for the config as written and each --vary combination."})
final class SimulateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CONFIG", description = "the functions' configuration (as faas up reads it)")
    Path config;

    @Mixin
    TraceOptions trace;

    @Option(names = "--from-report", paramLabel = "REPORT.json", description = "take start durations (the cold starts' total phase) and call"
            + " durations (serviceMs: latency minus queue wait) from a faas loadtest --json report; a function the report lists"
            + " with its own starts (a --trace replay's) takes those, one after another in the order measured")
    Path fromReport;

    @Option(names = "--start", paramLabel = "DURATION", description = "an instance's start, from launch to ready (default: 500ms, or the report's)")
    String start;

    @Option(names = "--call", paramLabel = "DURATION", description = "a request's time on its instance when the trace gives none (default: 50ms,"
            + " or the report's serviceMs)")
    String call;

    @Option(names = "--vary", paramLabel = "KEY=V1,V2", description = "settings to try, every combination (repeatable): minInstances,"
            + " maxInstances, idleTimeout, instanceConcurrency, keepAlive (fixed, histogram); e.g. --vary minInstances=0,1 --vary idleTimeout=1m,5m,10m")
    List<String> vary = new ArrayList<>();

    @Option(names = "--target", defaultValue = "cold<1%", description = "what a recommended setting must meet: cold<N%%, p99<Nms, throttled<=N,"
            + " comma-separated (default: ${DEFAULT-VALUE})")
    String target;

    @Option(names = "--json", paramLabel = "FILE", description = "also write every function under every setting as JSON")
    Path json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return LoadOptions.exitCode("faas simulate", err, () -> run(out));
        } catch (ConfigExceptionWrapper w) {
            err.println(w.getCause().getMessage());
            return 2;
        }
    }

    /** Carries a configuration's problems through the command body, which only throws IO and argument exceptions. */
    private static final class ConfigExceptionWrapper extends RuntimeException {
        ConfigExceptionWrapper(ConfigException e) {
            super(e);
        }
    }

    private int run(PrintWriter out) throws IOException {
        if (trace.file == null) {
            throw new IllegalArgumentException("give the trace: --trace FILE");
        }
        Target goal = Target.parse(target);
        List<Grid.Variant> variants = Grid.parse(vary);
        AppSpec app;
        try {
            app = SpecLoader.load(config);
        } catch (ConfigException e) {
            throw new ConfigExceptionWrapper(e);
        }
        Trace t = trace.read();
        Map<String, FunctionSpec> all = new LinkedHashMap<>();
        app.functions().forEach(f -> all.put(f.name(), f));
        Map<String, String> mapping = Replay.mapping(t.counts(), trace.explicit(), trace.functions, all.keySet());
        for (String local : mapping.values()) {
            if (!all.containsKey(local)) {
                throw new IllegalArgumentException(config + " has no function " + local + " (it has: " + String.join(", ", all.keySet()) + ")");
            }
        }
        if (mapping.isEmpty()) {
            throw new IllegalArgumentException("no function of the trace maps to a function of " + config + "; use --map or --functions");
        }
        Map<String, FunctionSpec> used = new LinkedHashMap<>();
        all.forEach((name, f) -> {
            if (mapping.containsValue(name)) {
                used.put(name, f);
            }
        });
        DurationDistribution startD = DurationDistribution.fixed(Durations.parse("500ms"));
        DurationDistribution callD = DurationDistribution.fixed(Durations.parse("50ms"));
        String source = "defaults";
        Map<String, List<Double>> startsMs = new LinkedHashMap<>();
        if (fromReport != null) {
            Report r = Reports.readJson(fromReport);
            Report.Percentiles total = r.coldStarts().phasesMs().get("total");
            if (total == null || total.count() == 0) {
                throw new IllegalArgumentException(fromReport + " has no cold start with its phases (run faas loadtest with --force-cold)");
            }
            startD = DurationDistribution.of(total);
            callD = DurationDistribution.of(r.serviceMs().count() > 0 ? r.serviceMs() : r.latencyMs().warm());
            source = fromReport.toString();
            r.functions().forEach((name, f) -> {
                if (used.containsKey(name) && !f.startMs().isEmpty()) {
                    startsMs.put(name, f.startMs());
                }
            });
            if (!startsMs.isEmpty()) {
                source += "; measured starts in turn for " + String.join(", ", startsMs.keySet());
            }
        }
        if (start != null) {
            startD = DurationDistribution.fixed(Durations.parse(start));
            startsMs.clear();
            source = "given";
        }
        if (call != null) {
            callD = DurationDistribution.fixed(Durations.parse(call));
            source = startsMs.isEmpty() ? "given" : source + "; calls given";
        }
        // The pool reports each idle retirement at INFO: a day of a trace makes millions.
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.localfaas.pool")).setLevel(ch.qos.logback.classic.Level.WARN);
        out.printf("trace %s: %d requests over %.1f min, %d functions -> %s; speed x%s; start p50 %.0f ms, call p50 %.0f ms (%s)%n",
                trace.file, t.size(), t.span().toMillis() / 60_000.0, t.functions().size(), used.keySet(), trace.speed, startD.p50(),
                callD.p50(), source);
        Simulator.Outcome o = Simulator.run(used, app.platform(), t, mapping, trace.speed, startD, startsMs, callD, trace.seed, variants, goal);
        out.print(Simulator.text(o));
        if (json != null) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("schema", "localfaas-simulate/1");
            doc.put("trace", trace.file.toString());
            doc.put("speed", trace.speed);
            doc.put("target", target);
            doc.put("startMs", Map.of("p50", startD.p50(), "p99", startD.p99()));
            doc.put("callMs", Map.of("p50", callD.p50(), "p99", callD.p99()));
            doc.put("seconds", o.seconds());
            doc.put("rows", Simulator.rows(o));
            Reports.writeJson(doc, json);
            out.println("JSON: " + json);
        }
        out.flush();
        return 0;
    }
}
