package io.localfaas.loadtest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The platform's admin API ({@code /system/...}, bearer token) as the load generator uses it. Low rate, blocking. */
public final class AdminClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final URI gateway;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public AdminClient(URI gateway, String token) {
        this.gateway = gateway;
        this.token = token;
    }

    /** A function as {@code GET /system/functions} shows it. */
    public record FunctionInfo(String name, String service, int instanceConcurrency, int memorySize, int total, int ready, int starting,
                               long served, long coldServed, long started) {
    }

    public Optional<FunctionInfo> function(String name) throws IOException, InterruptedException {
        return functions().stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** Every function of the platform. */
    public java.util.List<FunctionInfo> functions() throws IOException, InterruptedException {
        java.util.List<FunctionInfo> out = new java.util.ArrayList<>();
        for (JsonNode f : call("GET", "/system/functions").path("functions")) {
            JsonNode s = f.path("instancesByState");
            int starting = s.path("STARTING").asInt() + s.path("INITIALIZING").asInt();
            int ready = s.path("READY").asInt();
            int total = starting + ready + s.path("DRAINING").asInt();
            JsonNode c = f.path("counters");
            out.add(new FunctionInfo(f.path("name").asText(), f.path("service").asText(null), f.path("instanceConcurrency").asInt(),
                    f.path("memorySize").asInt(0), total, ready, starting, c.path("served").asLong(), c.path("coldServed").asLong(),
                    c.path("started").asLong()));
        }
        return out;
    }

    /** Retires every instance of the function; returns how many. */
    public int retire(String function) throws IOException, InterruptedException {
        return call("POST", "/system/functions/" + function + "/retire").path("retired").asInt();
    }

    /** Restarts the function's pool with a new instanceConcurrency (its old instances drain and go). */
    public void instanceConcurrency(String function, int value) throws IOException, InterruptedException {
        call("POST", "/system/functions/" + function + "/instance-concurrency?value=" + value);
    }

    private JsonNode call(String method, String path) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(gateway.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).method(method, HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> r;
        try {
            r = http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IOException("the admin API at " + gateway + " does not answer (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        }
        if (r.statusCode() != 200) {
            String msg = r.body();
            try {
                msg = JSON.readTree(r.body()).path("errorMessage").asText(r.body());
            } catch (IOException ignored) {
                // not JSON: keep the body as it is
            }
            throw new IOException("admin API " + method + " " + path + " answered " + r.statusCode() + ": " + msg);
        }
        return JSON.readTree(r.body());
    }
}
