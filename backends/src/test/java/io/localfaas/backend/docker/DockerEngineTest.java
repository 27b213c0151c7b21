package io.localfaas.backend.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import io.localfaas.backend.BackendUnavailableException;
import org.junit.jupiter.api.Test;

/**
 * One engine object reaches everything that talks to the engine: an explicit host given to it is the host of the
 * instance backend, the log follower, the stats streams, the images and their builds. No engine needed: the host is
 * a loopback port where nothing listens, so a call fails at once, naming it.
 */
class DockerEngineTest {
    private static final String NOWHERE = "tcp://127.0.0.1:1";

    @Test
    void anExplicitHostReachesEveryUser() {
        try (DockerEngine engine = DockerEngine.at(NOWHERE, Duration.ofSeconds(2));
             DockerBackend backend = DockerBackend.over(engine);
             DockerImages images = DockerImages.on(engine)) {
            assertEquals(NOWHERE, engine.host());
            assertSame(engine, backend.engine());
            assertSame(engine, images.engine());
            assertSame(engine, backend.logFollower().engine());
            assertSame(engine, backend.stats().engine());

            // Orphan reaping (list), image cache (inspect): each goes to that host, and says so when it does not answer.
            BackendUnavailableException list = assertThrows(BackendUnavailableException.class, backend::listOwned);
            assertTrue(list.getMessage().contains(NOWHERE), list.getMessage());
            BackendUnavailableException inspect = assertThrows(BackendUnavailableException.class, () -> images.inspect("localfaas/none"));
            assertTrue(inspect.getMessage().contains(NOWHERE), inspect.getMessage());
            assertFalse(engine.answers());
        }
    }

    @Test
    void connectingToAnEngineThatDoesNotAnswerSaysWhereAndHow() {
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> DockerBackend.connect(NOWHERE, Duration.ofSeconds(2)));
        assertTrue(e.getMessage().contains(NOWHERE) && e.getMessage().contains(DockerBackend.HOW_TO_START), e.getMessage());
    }

    @Test
    void theEnvironmentsEngineIsTheDefaultSocketOrDockerHost() {
        try (DockerEngine engine = DockerEngine.fromEnvironment()) {
            String expected = System.getenv("DOCKER_HOST") == null ? "unix:///var/run/docker.sock" : System.getenv("DOCKER_HOST");
            assertEquals(expected, engine.host());
        }
    }
}
