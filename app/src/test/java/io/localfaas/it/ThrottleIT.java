package io.localfaas.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.localfaas.port.InstanceState;
import org.junit.jupiter.api.Test;

/**
 * 429 on the real engine: the one instance a function may have is busy and no slot frees within maxQueueWait
 * (gateway-throttle.yaml). Its own platform, since a short maxQueueWait would also bound cold starts elsewhere.
 */
class ThrottleIT {
    @Test
    void aFullFunctionIs429WithRetryAfter() throws Exception {
        try (ProbePlatform p = new ProbePlatform(ProbePlatform.THROTTLE_CONFIG)) {
            var pool = p.scheduler.pool("hold").orElseThrow();
            await().atMost(Duration.ofSeconds(60)).until(() -> pool.views().stream().anyMatch(v -> v.state() == InstanceState.READY));
            CompletableFuture<HttpResponse<String>> holding = CompletableFuture.supplyAsync(() -> {
                try {
                    return p.invoke("hold", "{\"ms\": 8000}");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> pool.views().stream().anyMatch(v -> v.inflight() == 1));
            HttpResponse<String> refused = p.invoke("hold", "{\"ms\": 0}");
            assertEquals(429, refused.statusCode(), refused.body());
            var body = new ObjectMapper().readTree(refused.body());
            assertEquals("ResourceExhausted", body.get("errorCode").asText());
            assertEquals(refused.headers().firstValue("x-fc-request-id").orElseThrow(), body.get("requestId").asText());
            assertTrue(refused.headers().firstValue("Retry-After").isPresent());
            assertEquals(200, holding.get().statusCode(), "the request holding the instance is served");
        }
    }
}
