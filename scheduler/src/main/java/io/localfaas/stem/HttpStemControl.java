package io.localfaas.stem;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.localfaas.backend.InstanceStartException;
import io.localfaas.backend.RunningInstance;
import io.localfaas.protocol.InstanceKey;

/** {@link StemControl} over HTTP/1.1 to the stem cell's address, its key in {@code x-localfaas-instance-key}. */
public final class HttpStemControl implements StemControl {
    static final String PATH = "/specialise";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    @Override
    public void specialise(RunningInstance stem, Map<String, String> environment, Duration timeout) {
        HttpResponse<String> r;
        try {
            r = send(stem, environment, timeout);
        } catch (IOException e) {
            throw new InstanceStartException("the stem cell " + stem.instanceId() + " did not take its function: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InstanceStartException("interrupted while specialising the stem cell " + stem.instanceId(), e);
        }
        if (r.statusCode() != 200) {
            throw new InstanceStartException("the stem cell " + stem.instanceId() + " refused its function: " + r.statusCode() + " "
                    + r.body(), null);
        }
    }

    @Override
    public void warm(RunningInstance stem, Duration timeout) {
        try {
            send(stem, Map.of(), timeout); // no new key: refused with 400, the stem cell unchanged
        } catch (IOException e) {
            // a stem cell that does not answer is found out when it is taken
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private HttpResponse<String> send(RunningInstance stem, Map<String, String> environment, Duration timeout)
            throws IOException, InterruptedException {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(Map.of("environment", environment));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + stem.host() + ":" + stem.port() + PATH))
                .timeout(timeout)
                .header("x-fc-control-path", PATH)
                .header(InstanceKey.HEADER, stem.key())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
