package io.localfaas.gateway.async;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The async queue with a recording runner in place of the scheduler. */
class AsyncInvokerTest {
    private final List<Integer> retryCounts = new CopyOnWriteArrayList<>();

    private AsyncInvoker invoker(AsyncInvoker.Runner runner, int capacity, int workers) {
        return new AsyncInvoker(runner, Clock.systemUTC(), capacity, workers, 3, Duration.ofMillis(5), 100, 2);
    }

    @Test
    void aSuccessIsKeptByRequestId() {
        try (AsyncInvoker a = invoker((fn, id, event, retry) -> AsyncInvoker.Attempt.succeeded("i1", event), 4, 1)) {
            assertTrue(a.submit("f", "r1", "hi".getBytes(StandardCharsets.UTF_8)));
            await().atMost(Duration.ofSeconds(5)).until(() -> a.result("r1").map(r -> r.state() == AsyncInvoker.State.SUCCEEDED).orElse(false));
            AsyncInvoker.Result r = a.result("r1").orElseThrow();
            assertEquals("hi", r.body());
            assertEquals(1, r.attempts());
            assertEquals(Optional.of("i1"), r.instanceId());
            assertEquals(List.of(), a.deadLetters());
        }
    }

    @Test
    void aFailureIsRetriedThreeTimesThenDeadLettered() {
        try (AsyncInvoker a = invoker((fn, id, event, retry) -> {
            retryCounts.add(retry);
            return AsyncInvoker.Attempt.failed(Optional.empty(), "UnhandledInvocationError", "boom".getBytes(StandardCharsets.UTF_8));
        }, 4, 1)) {
            assertTrue(a.submit("f", "r1", new byte[0]));
            await().atMost(Duration.ofSeconds(5)).until(() -> a.deadLetters().size() == 1);
            assertEquals(List.of(0, 1, 2, 3), retryCounts, "one attempt and three retries, each told its retry count");
            AsyncInvoker.Result r = a.deadLetters().get(0);
            assertEquals(AsyncInvoker.State.FAILED, r.state());
            assertEquals(4, r.attempts());
            assertEquals(Optional.of("UnhandledInvocationError"), r.errorType());
            assertEquals("boom", r.body());
        }
    }

    @Test
    void aRetryThatSucceedsIsNotDeadLettered() {
        try (AsyncInvoker a = invoker((fn, id, event, retry) -> retry < 2
                ? AsyncInvoker.Attempt.failed(Optional.empty(), "FunctionTimeout", new byte[0])
                : AsyncInvoker.Attempt.succeeded("i", new byte[0]), 4, 1)) {
            a.submit("f", "r1", new byte[0]);
            await().atMost(Duration.ofSeconds(5)).until(() -> a.result("r1").map(r -> r.state() == AsyncInvoker.State.SUCCEEDED).orElse(false));
            assertEquals(3, a.result("r1").orElseThrow().attempts());
            assertTrue(a.deadLetters().isEmpty());
        }
    }

    @Test
    void aFullQueueRefusesAndForgetsTheRequest() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (AsyncInvoker a = invoker((fn, id, event, retry) -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return AsyncInvoker.Attempt.succeeded("i", new byte[0]);
        }, 1, 1)) {
            assertTrue(a.submit("f", "running", new byte[0]));
            await().atMost(Duration.ofSeconds(5)).until(() -> a.result("running").map(r -> r.state() == AsyncInvoker.State.RUNNING).orElse(false));
            assertTrue(a.submit("f", "queued", new byte[0]));
            assertEquals(1, a.queueDepth());
            assertFalse(a.submit("f", "refused", new byte[0]), "the queue holds one");
            assertTrue(a.result("refused").isEmpty());
            release.countDown();
        }
    }

    @Test
    void deadLettersAreBounded() {
        try (AsyncInvoker a = new AsyncInvoker((fn, id, event, retry) -> AsyncInvoker.Attempt.failed(Optional.empty(), "X", new byte[0]),
                Clock.systemUTC(), 10, 1, 0, Duration.ofMillis(1), 100, 2)) {
            for (int i = 0; i < 3; i++) {
                a.submit("f", "r" + i, new byte[0]);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> a.result("r2").map(r -> r.state() == AsyncInvoker.State.FAILED).orElse(false));
            assertEquals(List.of("r1", "r2"), a.deadLetters().stream().map(AsyncInvoker.Result::requestId).toList());
        }
    }
}
