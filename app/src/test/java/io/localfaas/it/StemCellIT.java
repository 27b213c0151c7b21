package io.localfaas.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.localfaas.OrphanPolicy;
import io.localfaas.backend.Labels;
import io.localfaas.backend.docker.DockerBackend;
import io.localfaas.stem.StemCells;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Stem cells through the composition root and the gateway, as {@code faas up --stem-cells 2} wires them: the first
 * request's cold start specialises a stem cell (the gateway's breakdown header says specialise, the initializer still
 * runs once before the first invocation); without stem cells the same request boots its instance; shutdown removes the
 * idle stem cells. The scheduler-level guarantees (isolation of code and variables, limits, failures) are
 * in backends' StemCellsDockerIT, the contract with stem cells on in its SchedulerStemCellsIT.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class StemCellIT {
    @Test
    void aColdStartThroughTheGatewaySpecialisesAStemCellAndShutdownRemovesTheIdleOnes() throws Exception {
        RunningPlatform p = new RunningPlatform(RunningPlatform.CONFIG.resolve("hello.yaml"), 2);
        try (p) {
            await().atMost(Duration.ofSeconds(60)).until(() -> p.ownContainers().stream()
                    .anyMatch(o -> o.labels().containsKey(StemCells.LABEL)));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> stemListening(p));
            HttpResponse<String> first = p.get("/hello?name=a");
            assertEquals(200, first.statusCode(), first.body());
            String breakdown = first.headers().firstValue("x-localfaas-start-breakdown").orElseThrow();
            assertTrue(breakdown.contains(";specialise=") && !breakdown.contains("create="), breakdown);
            assertTrue(first.body().contains("\"initCount\":1") && first.body().contains("\"initializedBeforeFirstInvoke\":true"), first.body());
        }
        try (DockerBackend engine = DockerBackend.connect()) {
            assertTrue(engine.listOwned().stream().noneMatch(o -> o.labels().containsKey(StemCells.LABEL)
                    && OrphanPolicy.selfId().equals(o.labels().get(Labels.PLATFORM))), "no stem cell of the platform is left");
        }
    }

    @Test
    void withoutStemCellsTheSameRequestBootsItsInstance() throws Exception {
        try (RunningPlatform p = new RunningPlatform(RunningPlatform.CONFIG.resolve("hello.yaml"))) {
            HttpResponse<String> first = p.get("/hello");
            assertEquals(200, first.statusCode(), first.body());
            String breakdown = first.headers().firstValue("x-localfaas-start-breakdown").orElseThrow();
            assertTrue(breakdown.contains("create=") && !breakdown.contains("specialise"), breakdown);
        }
    }

    /** Whether the platform's stem cell is ready to be taken (it listens once its idle count says so). */
    private static boolean stemListening(RunningPlatform p) {
        return p.engine.stemCells().map(s -> s.idleCounts().values().stream().mapToInt(Integer::intValue).sum() > 0).orElse(false);
    }
}
