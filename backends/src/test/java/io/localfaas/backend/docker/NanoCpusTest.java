package io.localfaas.backend.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** An instance's CPU limit: its vCPU, within what the engine accepts. */
class NanoCpusTest {
    @ParameterizedTest(name = "{0} vCPU on {1} cores -> {2}")
    @CsvSource({
            "0.1, 2, 100000000",
            "1, 2, 1000000000",
            "1.333333, 8, 1333333000",
            "16, 2, 2000000000", // at most the engine's cores
            "2, 0, 1000000000", // an engine that reports no count: one core
            "0.001, 2, 10000000"}) // at least the engine's smallest limit
    void limits(double cpus, int engineCpus, long expected) {
        assertEquals(expected, DockerBackend.nanoCpus(cpus, engineCpus));
    }
}
