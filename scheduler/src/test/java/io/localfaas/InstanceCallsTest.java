package io.localfaas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Stream;

import io.localfaas.backend.InstanceLaunch;
import io.localfaas.backend.InstanceStatus;
import io.localfaas.backend.NoOpBackend;
import io.localfaas.backend.RunningInstance;
import io.localfaas.failure.PlatformException.Kind;
import io.localfaas.lifecycle.InstanceLauncher;
import io.localfaas.lifecycle.Ports;
import io.localfaas.pool.FunctionPool;
import io.localfaas.pool.Lease;
import io.localfaas.pool.Outcome;
import io.localfaas.pool.Ticker;
import io.localfaas.port.SchedulerListener;
import io.localfaas.protocol.InstanceClient;
import io.localfaas.spec.FunctionSpec;
import io.localfaas.testing.FakeLauncher;
import io.localfaas.testing.Probe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * How a call that failed before its answer arrived is classified: what the request sees, and what becomes of the
 * instance. One row per failure; the engine reports the instance's exit at once (no wait).
 */
class InstanceCallsTest {
    private static final InstanceStatus EXITED = new InstanceStatus(false, 1, false);
    private static final InstanceStatus OOM = new InstanceStatus(false, 137, true);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final InstanceClient client = new InstanceClient();

    @AfterEach
    void stop() {
        timer.shutdownNow();
        client.close();
    }

    static Stream<Arguments> rows() {
        return Stream.of(
                Arguments.of(new HttpTimeoutException("request timed out"), EXITED, false, Kind.FUNCTION_TIMEOUT, Outcome.TIMED_OUT, "timed out after 10000ms"),
                Arguments.of(new HttpConnectTimeoutException("connect timed out"), EXITED, false, Kind.INSTANCE_CRASHED, Outcome.CRASHED,
                        "did not accept the connection (exited with code 1)"),
                Arguments.of(new ConnectException("refused"), EXITED, false, Kind.INSTANCE_CRASHED, Outcome.CRASHED, "refused the connection"),
                Arguments.of(new IOException("reset"), EXITED, false, Kind.INSTANCE_CRASHED, Outcome.CRASHED, "failed while serving the request"),
                Arguments.of(new IOException("reset"), OOM, false, Kind.INSTANCE_CRASHED, Outcome.CRASHED, "OOM: memorySize 128 MB"),
                Arguments.of(new IOException("reset"), EXITED, true, Kind.SHUTTING_DOWN, Outcome.CRASHED, "shut down before function"),
                Arguments.of(new HttpTimeoutException("request timed out"), EXITED, true, Kind.SHUTTING_DOWN, Outcome.TIMED_OUT, "shut down"));
    }

    @ParameterizedTest(name = "{0}, instance {1}, shut down {2} -> {3}, {4}")
    @MethodSource("rows")
    void aFailedCallIsClassified(IOException e, InstanceStatus status, boolean shutDown, Kind kind, Outcome outcome, String says) {
        NoOpBackend backend = new NoOpBackend() {
            @Override
            public RunningInstance start(InstanceLaunch launch) {
                throw new UnsupportedOperationException();
            }

            @Override
            public InstanceStatus status(RunningInstance instance) {
                return status;
            }
        };
        InstanceCalls calls = new InstanceCalls(client, new InstanceLauncher(backend, client, new Ports(), "p", Duration.ofSeconds(1)), timer,
                () -> shutDown);
        FunctionSpec fn = Probe.function("fn", 1, 0, 1);
        Leased leased = new Leased(new FunctionPool(fn, new FakeLauncher(), Runnable::run, Ticker.system(), Duration.ZERO, SchedulerListener.NONE),
                new Lease("fn-1", new RunningInstance("fn-1", "b", "127.0.0.1", 1), Optional.empty(), Duration.ZERO));

        CallFailure f = calls.failure(leased, e, System.nanoTime());

        assertEquals(kind, f.exception().kind(), f.exception().getMessage());
        assertEquals(outcome, f.outcome());
        assertTrue(f.exception().getMessage().contains(says), f.exception().getMessage());
    }
}
