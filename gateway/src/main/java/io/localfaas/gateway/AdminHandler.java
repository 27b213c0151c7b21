package io.localfaas.gateway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import io.localfaas.failure.PlatformException;
import io.localfaas.gateway.async.AsyncInvoker;
import io.localfaas.gateway.dashboard.DashboardHandler;
import io.localfaas.gateway.metrics.GatewayMetrics;
import io.localfaas.port.FunctionSnapshot;
import io.localfaas.port.InstanceMetrics;
import io.localfaas.port.Platform;
import io.localfaas.port.Reload;
import io.localfaas.port.SchedulerSnapshot;
import io.localfaas.spec.FunctionSpec;
import io.localfaas.spec.ScalingSpec;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * The admin API under {@code /system/}, behind {@code Authorization: Bearer <platform.adminToken>} (compared in
 * constant time; no trigger's JWT is ever accepted here). Without a configured token the whole API answers 404 (but
 * for the dashboard on a loopback listener).
 * <ul>
 *   <li>{@code GET /system/functions}: every function with its instances, states and counters (the scheduler's
 *       snapshot), and the platform's cold starts running and waiting</li>
 *   <li>{@code POST /system/functions/<name>/retire}: retires the function's instances (forces cold starts)</li>
 *   <li>{@code POST /system/functions/<name>/instance-concurrency?value=N}: restarts the function's pool with
 *       instanceConcurrency N (for {@code faas tune}; lasts until the next reload of the configuration)</li>
 *   <li>{@code GET /system/async/<requestId>}: an async invocation's state and result</li>
 *   <li>{@code GET /system/dead-letters}: async invocations that failed every attempt</li>
 *   <li>{@code GET /system/dashboard}, {@code GET /system/dashboard/events}: the live dashboard and its server-sent
 *       events (these two also take the token as {@code ?token=}, since a browser's EventSource sends no header; with
 *       no token configured and a loopback listener they are open, the rest of the API staying off)</li>
 *   <li>{@code POST /system/reload}: reads the configuration file again and applies it (where the composition root
 *       gave a reloader: {@code faas up})</li>
 * </ul>
 */
final class AdminHandler implements HttpHandler {
    static final String PREFIX = "/system";

    private final Platform scheduler;
    private final AsyncInvoker async;
    private final GatewayMetrics metrics;
    private final Optional<byte[]> token;
    private final Supplier<Optional<Reload>> reloader;
    private final DashboardHandler dashboard;
    /** Without an admin token, the dashboard (read-only) is served anyway when the gateway listens on loopback only. */
    private final boolean openDashboard;

    AdminHandler(Platform scheduler, AsyncInvoker async, GatewayMetrics metrics, Optional<String> adminToken,
            Optional<Supplier<Optional<Reload>>> reloader, DashboardHandler dashboard, boolean openDashboard) {
        this.scheduler = scheduler;
        this.dashboard = dashboard;
        this.openDashboard = openDashboard;

        this.reloader = reloader.orElse(null);
        this.async = async;
        this.metrics = metrics;
        this.token = adminToken.map(t -> ("Bearer " + t).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (exchange.isInIoThread()) {
            exchange.dispatch(this);
            return;
        }
        String method = exchange.getRequestMethod().toString();
        String[] p = exchange.getRequestPath().substring(PREFIX.length()).split("/", -1);
        // p[0] is "" (the path starts with /system/)
        boolean dashboardPath = p.length >= 2 && p[1].equals("dashboard");
        if (token.isEmpty()) {
            if (dashboardPath && openDashboard) {
                if (!LocalHostHeader.local(exchange.getRequestHeaders().getFirst("Host"))) {
                    // A page of another site whose name was rebound to 127.0.0.1 (DNS rebinding) sends its own name.
                    Exchanges.sendError(exchange, ErrorResponse.of(403, "Forbidden",
                            "the dashboard without a token answers only Host: localhost, 127.0.0.1 or [::1]"));
                    return;
                }
                dashboard(exchange, method, p); // no token set, loopback only: the dashboard is open, read-only
                return;
            }
            Exchanges.sendError(exchange, ErrorResponse.of(404, "NotFound", "the admin API is off: set platform.adminToken to use it"));
            return;
        }
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (auth == null && dashboardPath) {
            // A browser's EventSource cannot send a header: the dashboard's page and stream take ?token= instead.
            java.util.Deque<String> t = exchange.getQueryParameters().get("token");
            auth = t == null ? null : "Bearer " + t.getFirst();
        }
        if (auth == null || !MessageDigest.isEqual(token.get(), auth.getBytes(StandardCharsets.UTF_8))) {
            Exchanges.sendError(exchange, ErrorResponse.INVALID_TOKEN);
            return;
        }
        if (dashboardPath) {
            dashboard(exchange, method, p);
        } else if (p.length == 2 && p[1].equals("functions")) {
            if (allow(exchange, method, "GET")) {
                Exchanges.sendJson(exchange, 200, functions());
            }
        } else if (p.length == 4 && p[1].equals("functions") && p[3].equals("retire")) {
            if (allow(exchange, method, "POST")) {
                retire(exchange, p[2]);
            }
        } else if (p.length == 4 && p[1].equals("functions") && p[3].equals("instance-concurrency")) {
            if (allow(exchange, method, "POST")) {
                instanceConcurrency(exchange, p[2]);
            }
        } else if (p.length == 3 && p[1].equals("async") && !p[2].isEmpty()) {
            if (allow(exchange, method, "GET")) {
                Optional<AsyncInvoker.Result> r = async.result(p[2]);
                if (r.isPresent()) {
                    Exchanges.sendJson(exchange, 200, result(r.get()));
                } else {
                    Exchanges.sendError(exchange, ErrorResponse.of(404, "InvocationNotFound",
                            "no async invocation '" + Router.printable(p[2]) + "' is known (results are kept in memory, bounded)"));
                }
            }
        } else if (p.length == 2 && p[1].equals("reload") && reloader != null) {
            if (allow(exchange, method, "POST")) {
                reload(exchange);
            }
        } else if (p.length == 2 && p[1].equals("dead-letters")) {
            if (allow(exchange, method, "GET")) {
                Exchanges.sendJson(exchange, 200, async.deadLetters().stream().map(AdminHandler::result).toList());
            }
        } else {
            Exchanges.sendError(exchange, ErrorResponse.of(404, "NotFound", "no admin resource at " + Router.printable(exchange.getRequestPath())));
        }
    }

    private void dashboard(HttpServerExchange exchange, String method, String[] p) {
        if (p.length == 2) {
            if (allow(exchange, method, "GET")) {
                dashboard.page(exchange);
            }
        } else if (p.length == 3 && p[2].equals("events")) {
            if (allow(exchange, method, "GET")) {
                dashboard.events(exchange);
            }
        } else {
            Exchanges.sendError(exchange, ErrorResponse.of(404, "NotFound", "no admin resource at " + Router.printable(exchange.getRequestPath())));
        }
    }

    private static boolean allow(HttpServerExchange exchange, String method, String allowed) {
        if (method.equals(allowed)) {
            return true;
        }
        Exchanges.header(exchange, "Allow", allowed);
        Exchanges.sendError(exchange, ErrorResponse.of(405, "MethodNotAllowed", "this admin resource accepts " + allowed));
        return false;
    }

    private void reload(HttpServerExchange exchange) {
        Optional<Reload> r = reloader.get();
        if (r.isEmpty()) {
            Exchanges.sendError(exchange, ErrorResponse.invalidArgument(
                    "the configuration file has problems (see the platform's log); still serving the previous configuration"));
            return;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("added", r.get().added());
        out.put("changed", r.get().changed());
        out.put("removed", r.get().removed());
        out.put("unchanged", r.get().unchanged());
        Exchanges.sendJson(exchange, 200, out);
    }

    private void retire(HttpServerExchange exchange, String function) {
        if (!scheduler.serves(function)) {
            Exchanges.sendError(exchange, ErrorResponse.of(404, "FunctionNotFound", "function '" + Router.printable(function) + "' does not exist"));
            return;
        }
        Exchanges.access(exchange).function = function;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("function", function);
        try {
            out.put("retired", scheduler.retireAll(function));
        } catch (PlatformException e) {
            Exchanges.sendError(exchange, ErrorResponse.from(e)); // removed by a reload since the check above
            return;
        }
        Exchanges.sendJson(exchange, 200, out);
    }

    private void instanceConcurrency(HttpServerExchange exchange, String function) {
        java.util.Deque<String> v = exchange.getQueryParameters().get("value");
        int value;
        try {
            value = Integer.parseInt(v == null ? "" : v.getFirst());
        } catch (NumberFormatException e) {
            Exchanges.sendError(exchange, ErrorResponse.invalidArgument("give the new instanceConcurrency as ?value=N (1-200)"));
            return;
        }
        if (value < 1 || value > 200) {
            Exchanges.sendError(exchange, ErrorResponse.invalidArgument("instanceConcurrency must be 1-200, not " + value));
            return;
        }
        Exchanges.access(exchange).function = function;
        try {
            Reload r = scheduler.instanceConcurrency(function, value);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("function", function);
            out.put("instanceConcurrency", value);
            out.put("restarted", r.changed().contains(function));
            Exchanges.sendJson(exchange, 200, out);
        } catch (PlatformException e) {
            Exchanges.sendError(exchange, ErrorResponse.from(e));
        }
    }

    /** Every function from the scheduler's snapshot: limits, instances, executing and waiting requests, counters. */
    private Map<String, Object> functions() {
        SchedulerSnapshot snap = scheduler.snapshot();
        Map<String, FunctionSpec> specs = new LinkedHashMap<>();
        scheduler.functions().forEach(f -> specs.put(f.name(), f));
        List<Map<String, Object>> out = new ArrayList<>();
        for (FunctionSnapshot f : snap.functions()) {
            FunctionSpec spec = specs.get(f.function());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", f.function());
            m.put("service", spec == null ? null : spec.service());
            m.put("runtime", spec == null ? null : spec.runtime().id());
            m.put("instanceConcurrency", f.instanceConcurrency());
            m.put("memorySize", spec == null ? null : spec.memorySize());
            m.put("minInstances", f.minInstances());
            m.put("maxInstances", f.maxInstances());
            m.put("executing", f.executing());
            m.put("waiting", f.waiting());
            m.put("backingOffMillis", f.backingOffMillis());
            m.put("requests", metrics.invocations(f.function()));
            m.put("counters", f.counters());
            Map<String, Integer> byState = new LinkedHashMap<>();
            f.byState().forEach((state, n) -> byState.put(state.name(), n));
            m.put("instancesByState", byState);
            m.put("instances", f.instances());
            m.put("scaling", scaling(spec, f.function()));
            Map<String, Object> usage = new LinkedHashMap<>();
            f.instances().forEach(i -> scheduler.instanceMetrics(i.id()).ifPresent(x -> usage.put(i.id(), usage(x))));
            m.put("instanceMetrics", usage);
            out.add(m);
        }
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("functions", out);
        all.put("coldStartsRunning", snap.coldStartsRunning());
        all.put("coldStartsWaiting", snap.coldStartsWaiting());
        all.put("maxColdStarts", snap.maxColdStarts());
        return all;
    }

    /** The function's scaling policy, its marks (fractions) and, under the watermark policy, its last decision. */
    private Map<String, Object> scaling(FunctionSpec spec, String function) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (spec == null) {
            return m;
        }
        ScalingSpec s = spec.scaling();
        m.put("policy", s.policy().id());
        Map<String, Object> marks = new LinkedHashMap<>();
        marks.put("cpu", s.watermarks().cpuPercent().isPresent() ? s.watermarks().cpuPercent().getAsInt() / 100.0 : null);
        marks.put("memory", s.watermarks().memoryPercent().isPresent() ? s.watermarks().memoryPercent().getAsInt() / 100.0 : null);
        marks.put("connections", s.watermarks().connections().isPresent() ? s.watermarks().connections().getAsInt() : null);
        m.put("watermarks", marks);
        m.put("windowMillis", s.window().toMillis());
        scheduler.watermarkDesired(function).ifPresent(d -> {
            m.put("desired", d.instances());
            m.put("why", d.why());
        });
        return m;
    }

    /** An instance's latest figures: CPU as a fraction of its share and in cores, memory in bytes and of its limit, disk. */
    static Map<String, Object> usage(InstanceMetrics x) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("at", x.at().toString());
        m.put("cpu", x.cpu().isPresent() ? x.cpu().getAsDouble() : null);
        m.put("cpuCores", x.cpuCores().isPresent() ? x.cpuCores().getAsDouble() : null);
        m.put("memoryBytes", x.memoryBytes().isPresent() ? x.memoryBytes().getAsLong() : null);
        m.put("memory", x.memory().isPresent() ? x.memory().getAsDouble() : null);
        m.put("diskBytes", x.diskBytes().isPresent() ? x.diskBytes().getAsLong() : null);
        return m;
    }

    private static Map<String, Object> result(AsyncInvoker.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("requestId", r.requestId());
        m.put("function", r.function());
        m.put("state", r.state().name());
        m.put("attempts", r.attempts());
        m.put("instanceId", r.instanceId().orElse(null));
        m.put("errorType", r.errorType().orElse(null));
        m.put("body", r.body());
        m.put("enqueuedAt", r.enqueuedAt().toString());
        m.put("finishedAt", r.finishedAt().map(Object::toString).orElse(null));
        return m;
    }
}
