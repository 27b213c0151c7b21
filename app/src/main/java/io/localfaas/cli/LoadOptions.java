package io.localfaas.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import io.localfaas.loadtest.AdminClient;
import io.localfaas.loadtest.Durations;
import io.localfaas.loadtest.HttpTarget;
import io.localfaas.loadtest.LoadPlan;
import io.localfaas.loadtest.Recorder;
import io.localfaas.loadtest.Stages;
import picocli.CommandLine.Option;

/** The load options {@code faas loadtest} and {@code faas tune} share; turns them into a target and a plan. */
final class LoadOptions {
    @Option(names = "--gateway", defaultValue = "http://127.0.0.1:8080", description = "the platform's URL (default: ${DEFAULT-VALUE})")
    String gateway;

    @Option(names = "--service", description = "the function's service (default: asked from the admin API)")
    String service;

    @Option(names = "--trigger", paramLabel = "PATH", description = "load the function's HTTP trigger at PATH instead of the invoke API")
    String trigger;

    @Option(names = "--admin-token", description = "the platform's adminToken (default: $LOCALFAAS_ADMIN_TOKEN): instances over time, --force-cold, tune")
    String adminToken;

    @Option(names = {"-c", "--clients"}, description = "closed loop: N clients, each sends its next request when answered")
    Integer clients;

    @Option(names = {"-r", "--rate"}, description = "open loop: R requests per second on schedule; latency counts from the intended send time")
    Double rate;

    @Option(names = "--stages", description = "staged profile DURATION:LEVEL or DURATION:FROM-TO, comma-separated (e.g. 10s:0-64,30s:64,10s:64-0); levels are clients, or req/s with --open")
    String stages;

    @Option(names = "--open", description = "with --stages: the levels are requests per second (open loop)")
    boolean open;

    @Option(names = {"-d", "--duration"}, description = "how long with --clients or --rate (default: 10s); with --trace at most this long"
            + " (default: the trace's length at --speed)")
    String duration;

    @Option(names = {"-n", "--requests"}, defaultValue = "1000000", description = "stop after N requests (default: ${DEFAULT-VALUE})")
    long requests;

    @Option(names = "--connections", description = "keep-alive connections at most (default: the clients; open loop: 256)")
    Integer connections;

    @Option(names = "--timeout", defaultValue = "60s", description = "per-request timeout (default: ${DEFAULT-VALUE})")
    String timeout;

    @Option(names = {"-X", "--method"}, description = "HTTP method (default: POST on the invoke API, GET on a trigger or URL)")
    String method;

    @Option(names = {"-H", "--header"}, paramLabel = "NAME: VALUE", description = "a request header (repeatable)")
    List<String> headers = new ArrayList<>();

    @Option(names = "--body", description = "the request body")
    String body;

    @Option(names = "--body-file", description = "the request body, from a file")
    Path bodyFile;

    @Option(names = "--function", description = "with a URL TARGET: the function behind it (for --force-cold and instances over time)")
    String function;

    @Option(names = "--quiet", description = "no progress line")
    boolean quiet;

    /** The target: a URL as is, or a function's invoke API / HTTP trigger on --gateway. */
    HttpTarget target(String targetArg, AdminClient admin) throws IOException, InterruptedException {
        byte[] payload = body != null ? body.getBytes(java.nio.charset.StandardCharsets.UTF_8)
                : bodyFile != null ? readBody(bodyFile) : new byte[0];
        if (body != null && bodyFile != null) {
            throw new IllegalArgumentException("give --body or --body-file, not both");
        }
        Map<String, List<String>> h = new LinkedHashMap<>();
        for (String line : headers) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("header '" + line + "' must be NAME: VALUE");
            }
            h.computeIfAbsent(line.substring(0, colon).trim(), k -> new ArrayList<>()).add(line.substring(colon + 1).trim());
        }
        if (targetArg.startsWith("http://") || targetArg.startsWith("https://")) {
            return new HttpTarget(URI.create(targetArg), method != null ? method : "GET", h, payload, function);
        }
        URI gw = gatewayUri();
        if (trigger != null) {
            return new HttpTarget(gw.resolve(trigger.startsWith("/") ? trigger : "/" + trigger), method != null ? method : "GET", h, payload, targetArg);
        }
        String svc = service;
        if (svc == null) {
            if (admin == null) {
                throw new IllegalArgumentException("give --service (or --admin-token, to ask the platform) to call " + targetArg + " by its invoke API");
            }
            svc = admin.function(targetArg).map(AdminClient.FunctionInfo::service)
                    .orElseThrow(() -> new IllegalArgumentException("the platform at " + gw + " has no function " + targetArg));
        }
        return new HttpTarget(HttpTarget.invokeUrl(gw, svc, targetArg), method != null ? method : "POST", h, payload, targetArg);
    }

    /** The gateway itself, as the nominal target of a run whose requests each name their own (a trace replay). */
    HttpTarget gatewayTarget() {
        return new HttpTarget(gatewayUri(), "POST", Map.of(), new byte[0], null);
    }

    /** The request for one function of a trace replay: its invoke API, or GET on a path the trace names. */
    HttpTarget functionTarget(String function, String functionService) throws IOException {
        byte[] payload = body != null ? body.getBytes(java.nio.charset.StandardCharsets.UTF_8) : bodyFile != null ? readBody(bodyFile) : new byte[0];
        if (function.startsWith("/")) {
            return new HttpTarget(gatewayUri().resolve(function), method != null ? method : "GET", Map.of(), payload, null);
        }
        return new HttpTarget(HttpTarget.invokeUrl(gatewayUri(), functionService, function), method != null ? method : "POST", Map.of(),
                payload, function);
    }

    URI gatewayUri() {
        URI u = URI.create(gateway.endsWith("/") ? gateway : gateway + "/");
        if (!"http".equals(u.getScheme()) || u.getHost() == null) {
            throw new IllegalArgumentException("--gateway must be http://HOST:PORT, not " + gateway);
        }
        return u;
    }

    Optional<AdminClient> admin() {
        String token = adminToken != null ? adminToken : System.getenv("LOCALFAAS_ADMIN_TOKEN");
        return token == null || token.isBlank() ? Optional.empty() : Optional.of(new AdminClient(gatewayUri(), token));
    }

    LoadPlan plan(boolean forceColdAtStart, Duration forceColdEvery, String label) {
        int given = (clients != null ? 1 : 0) + (rate != null ? 1 : 0) + (stages != null ? 1 : 0);
        if (given > 1) {
            throw new IllegalArgumentException("give one of --clients, --rate, --stages");
        }
        Duration d = Durations.parse(duration == null ? "10s" : duration);
        Stages s;
        boolean openLoop = open || rate != null;
        if (stages != null) {
            s = Stages.parse(stages);
        } else if (rate != null) {
            if (rate <= 0 || rate > Stages.MAX_LEVEL) {
                throw new IllegalArgumentException("--rate must be more than 0 and at most " + (long) Stages.MAX_LEVEL);
            }
            s = Stages.constant(d, rate);
        } else {
            int c = clients == null ? 1 : clients;
            if (c < 1) {
                throw new IllegalArgumentException("--clients must be at least 1");
            }
            s = Stages.constant(d, c);
        }
        return new LoadPlan(openLoop, s, requests, forceColdAtStart, forceColdEvery, label);
    }

    int connections(LoadPlan plan) {
        if (connections != null) {
            return connections;
        }
        return plan.open() ? 256 : (int) Math.max(1, Math.ceil(plan.stages().maxLevel()));
    }

    Duration timeout() {
        return Durations.parse(timeout);
    }

    /** A progress line on a terminal (overwritten in place), nothing otherwise. */
    Consumer<Recorder.Progress> progress(PrintWriter err) {
        if (quiet || System.console() == null) {
            return p -> { };
        }
        return p -> {
            err.print(String.format(Locale.ROOT, "\r%d requests, %d errors, %d req/s, p99 %.1f ms, %d instances   ", p.requests(), p.errors(),
                    p.sinceLast(), p.p99Ms(), p.instances()));
            err.flush();
        };
    }

    /** What a load command does that can fail: throws IllegalArgumentException for bad input, IOException otherwise. */
    interface Body {
        int run() throws IOException, InterruptedException;
    }

    /** Runs a load command's body: bad input is exit 2, a failure exit 1, each with one line on stderr (no stack trace). */
    static int exitCode(String command, PrintWriter err, Body body) throws InterruptedException {
        try {
            return body.run();
        } catch (IllegalArgumentException e) {
            err.println(command + ": " + e.getMessage());
            return 2;
        } catch (IOException | IllegalStateException e) {
            err.println(command + ": error: " + e.getMessage());
            return 1;
        } finally {
            err.flush();
        }
    }

    static byte[] readBody(Path file) throws IOException {
        if (Files.size(file) > 64L * 1024 * 1024) {
            throw new IllegalArgumentException(file + " is larger than 64 MB");
        }
        return Files.readAllBytes(file);
    }
}
