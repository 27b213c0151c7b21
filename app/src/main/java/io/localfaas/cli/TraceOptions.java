package io.localfaas.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.localfaas.loadtest.AdminClient;
import io.localfaas.loadtest.Durations;
import io.localfaas.loadtest.HttpTarget;
import io.localfaas.loadtest.LoadPlan;
import io.localfaas.loadtest.Replay;
import io.localfaas.loadtest.trace.Trace;
import io.localfaas.loadtest.trace.TraceReader;
import picocli.CommandLine.Option;

/** {@code faas loadtest --trace FILE} and its options: reading the trace and mapping its functions to local ones. */
final class TraceOptions {
    @Option(names = "--trace", paramLabel = "FILE", description = {"replay a trace (open loop): per-request CSV/JSON (time, function or path,"
            + " optional duration, body) or per-minute counts (Azure Functions 2019 shape)"})
    Path file;

    @Option(names = "--speed", defaultValue = "1", description = "with --trace: compress time N times (default: ${DEFAULT-VALUE})")
    double speed;

    @Option(names = "--functions", split = ",", paramLabel = "NAME", description = "with --trace: local functions the trace's functions go to,"
            + " in turn, the busiest trace function first (default: a trace function goes to the local one of its name)")
    List<String> functions = new ArrayList<>();

    @Option(names = "--map", paramLabel = "TRACE=LOCAL", description = "with --trace: this trace function goes to that local function (repeatable)")
    List<String> map = new ArrayList<>();

    @Option(names = "--seed", defaultValue = "1", description = "with a per-minute trace: the seed of the spread within each minute (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--spread", defaultValue = "random", description = "with a per-minute trace: random (uniform in the minute, seeded) or even"
            + " (default: ${DEFAULT-VALUE})")
    String spread;

    TraceReader.Spread spread() {
        try {
            return TraceReader.Spread.valueOf(spread.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--spread must be random or even, not " + spread);
        }
    }

    Trace read() throws IOException {
        return TraceReader.read(file, spread(), seed);
    }

    /** {@code --map T=L} as a map, checked. */
    Map<String, String> explicit() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String m : map) {
            int eq = m.indexOf('=');
            if (eq <= 0 || eq == m.length() - 1) {
                throw new IllegalArgumentException("--map takes TRACE=LOCAL, not " + m);
            }
            out.put(m.substring(0, eq).trim(), m.substring(eq + 1).trim());
        }
        return out;
    }

    /** The replay plan: the trace mapped to the platform's functions, each function's request, bounded by -d and -n. */
    LoadPlan plan(LoadOptions load, AdminClient admin, long maxRequests) throws IOException, InterruptedException {
        Trace trace = read();
        Map<String, String> services = new LinkedHashMap<>();
        if (admin != null) {
            admin.functions().forEach(f -> services.put(f.name(), f.service()));
        }
        Map<String, String> explicit = explicit();
        Set<String> locals = admin != null ? services.keySet() : new HashSet<>(trace.functions());
        Map<String, String> mapping = Replay.mapping(trace.counts(), explicit, functions, locals);
        Map<String, HttpTarget> targets = new LinkedHashMap<>();
        for (String local : new HashSet<>(mapping.values())) {
            String service = load.service;
            if (!local.startsWith("/") && service == null) {
                if (admin == null) {
                    throw new IllegalArgumentException("give --service (or --admin-token, to ask the platform) to call " + local + " by its invoke API");
                }
                service = services.get(local);
                if (service == null) {
                    throw new IllegalArgumentException("the platform at " + load.gatewayUri() + " has no function " + local
                            + " (it has: " + String.join(", ", services.keySet()) + "); use --map or --functions");
                }
            }
            targets.put(local, load.functionTarget(local, service));
        }
        Replay replay = new Replay(trace, speed, mapping, targets, "trace " + file.getFileName() + " x" + num(speed));
        Duration cap = load.duration == null ? Duration.ofHours(1) : Durations.parse(load.duration);
        return LoadPlan.replay(replay, cap, maxRequests, "trace " + file.getFileName());
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
