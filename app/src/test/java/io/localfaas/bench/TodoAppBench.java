package io.localfaas.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.HdrHistogram.Histogram;

/**
 * The todo app's numbers, read from the platform itself: cold starts of each function forced through the admin API
 * (retire) and broken down per phase by the gateway's {@code x-localfaas-start-breakdown} header, and the warm latency
 * of the page's list call ({@code GET /api/todos}, one client, sequential, HdrHistogram). Loopback only; every loop is
 * bounded in count and time. Arguments: base URL, admin token, cold rounds per function, warm requests, max seconds.
 */
public final class TodoAppBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final List<String> PHASES = List.of("create", "start", "listen", "init", "total");

    private TodoAppBench() {
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String admin = args[1];
        int rounds = Integer.parseInt(args[2]);
        int requests = Integer.parseInt(args[3]);
        long deadline = System.nanoTime() + Duration.ofSeconds(Long.parseLong(args[4])).toNanos();

        String token = JSON.readTree(send("POST", base + "/api/login", null, "{\"username\":\"demo\",\"password\":\"demo-password\"}").body())
                .get("token").asText();
        for (int i = 0; i < 10; i++) {
            send("POST", base + "/api/todos", token, "{\"title\":\"bench " + i + "\"}");
        }
        Map<String, String[]> calls = new LinkedHashMap<>();
        calls.put("web", new String[] {"GET", "/", null});
        calls.put("user", new String[] {"POST", "/api/login", "{\"username\":\"demo\",\"password\":\"demo-password\"}"});
        calls.put("rule", new String[] {"GET", "/api/todos", null});
        calls.put("rule-buggy", new String[] {"GET", "/buggy/api/todos", null});
        calls.put("todo", new String[] {"GET", "/store/todos", null});

        System.out.printf("| function | call | cold starts | create ms | start ms | listen ms | init ms | total ms | client saw ms |%n");
        System.out.printf("|---|---|---|---|---|---|---|---|---|%n");
        for (var e : calls.entrySet()) {
            Map<String, List<Long>> phases = new LinkedHashMap<>();
            List<Long> seen = new ArrayList<>();
            for (int r = 0; r < rounds && System.nanoTime() < deadline; r++) {
                send("POST", base + "/system/functions/" + e.getKey() + "/retire", admin, null);
                long t0 = System.nanoTime();
                HttpResponse<String> res = send(e.getValue()[0], base + e.getValue()[1], token, e.getValue()[2]);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                if (res.headers().firstValue("x-localfaas-cold-start").orElse("").equals("true")) {
                    seen.add(ms);
                    for (String part : res.headers().firstValue("x-localfaas-start-breakdown").orElse("").split(";")) {
                        String[] kv = part.split("=");
                        if (kv.length == 2 && PHASES.contains(kv[0])) {
                            phases.computeIfAbsent(kv[0], k -> new ArrayList<>()).add(Long.parseLong(kv[1].replace("ms", "")));
                        }
                    }
                }
            }
            StringBuilder row = new StringBuilder("| " + e.getKey() + " | " + e.getValue()[0] + " " + e.getValue()[1] + " | " + seen.size());
            for (String p : PHASES) {
                row.append(" | ").append(median(phases.getOrDefault(p, List.of())));
            }
            System.out.println(row.append(" | ").append(median(seen)).append(" |"));
        }

        Histogram h = new Histogram(60_000_000_000L, 3);
        for (int i = 0; i < 50; i++) {
            send("GET", base + "/api/todos", token, null);
        }
        int n = 0;
        long started = System.nanoTime();
        while (n < requests && System.nanoTime() < deadline) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = send("GET", base + "/api/todos", token, null);
            h.recordValue(System.nanoTime() - t0);
            if (r.statusCode() != 200) {
                throw new IllegalStateException("list answered " + r.statusCode() + ": " + r.body());
            }
            n++;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("%nwarm GET /api/todos (rule, 10 todos), one client, sequential: %d requests in %.1f s: p50 %.2f ms, p99 %.2f ms, "
                        + "max %.2f ms, %.0f req/s%n", n, seconds, h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(99) / 1e6,
                h.getMaxValue() / 1e6, n / seconds);
    }

    private static String median(List<Long> values) {
        if (values.isEmpty()) {
            return "-";
        }
        List<Long> sorted = values.stream().sorted().toList();
        return Long.toString(sorted.get(sorted.size() / 2));
    }

    private static HttpResponse<String> send(String method, String url, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
