package io.localfaas.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/** Runs {@code n} calls at once (bounded: every call must end within the timeout) and collects each outcome. */
public final class Burst {
    private Burst() {
    }

    /** One call's outcome: its value or the exception it threw. */
    public record Result<T>(T value, RuntimeException error) {
    }

    public static <T> List<Result<T>> run(int n, long timeoutSeconds, Supplier<T> call) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(call::get));
            }
            List<Result<T>> out = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            for (Future<T> f : futures) {
                try {
                    out.add(new Result<>(f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS), null));
                } catch (ExecutionException e) {
                    out.add(new Result<>(null, e.getCause() instanceof RuntimeException r ? r : new RuntimeException(e.getCause())));
                } catch (TimeoutException e) {
                    throw new AssertionError("a request of the burst got no answer within " + timeoutSeconds + "s");
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
