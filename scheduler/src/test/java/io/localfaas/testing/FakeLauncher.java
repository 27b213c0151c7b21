package io.localfaas.testing;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.localfaas.backend.InstanceStatus;
import io.localfaas.backend.RunningInstance;
import io.localfaas.failure.PlatformException;
import io.localfaas.lifecycle.StartedInstance;
import io.localfaas.pool.Launcher;
import io.localfaas.port.ColdStart;
import io.localfaas.spec.FunctionSpec;

/**
 * An in-memory {@link Launcher} that records what the pool asks of it (OpenWhisk's TestDockerClient style). A launch
 * blocks its starter thread until the test ends it with {@link Launch#succeed()} or {@link Launch#fail}; retired and
 * discarded instances are recorded; an instance stops listening when the test {@link #kill}s it.
 */
public final class FakeLauncher implements Launcher {
    public static final Duration MAX_LAUNCH = Duration.ofSeconds(30);
    private static final long BOUND_SECONDS = 30;

    /** One launch the pool asked for, held until the test ends it. */
    public static final class Launch {
        public final String instanceId;
        private final CompletableFuture<StartedInstance> result = new CompletableFuture<>();

        Launch(String instanceId) {
            this.instanceId = instanceId;
        }

        public void succeed() {
            result.complete(new StartedInstance(new RunningInstance(instanceId, "b-" + instanceId, "127.0.0.1", 1),
                    new ColdStart(Duration.ofMillis(1), Duration.ofMillis(2), Duration.ZERO)));
        }

        public void fail(PlatformException e) {
            result.completeExceptionally(e);
        }
    }

    private final BlockingQueue<Launch> launches = new LinkedBlockingQueue<>();
    public final List<String> launched = new CopyOnWriteArrayList<>();
    public final List<String> retired = new CopyOnWriteArrayList<>();
    public final List<String> discarded = new CopyOnWriteArrayList<>();
    private final Set<String> dead = ConcurrentHashMap.newKeySet();

    /** The next launch the pool asked for, waiting (bounded) for it. */
    public Launch next() throws InterruptedException {
        Launch l = launches.poll(BOUND_SECONDS, TimeUnit.SECONDS);
        assertNotNull(l, "the pool started an instance");
        return l;
    }

    public void kill(String instanceId) {
        dead.add(instanceId);
    }

    @Override
    public StartedInstance launch(FunctionSpec fn, String instanceId, Runnable onInitializing) {
        Launch l = new Launch(instanceId);
        launched.add(instanceId);
        launches.add(l);
        try {
            return l.result.get(BOUND_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw (RuntimeException) e.getCause();
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException("the test never ended the launch of " + instanceId, e);
        }
    }

    @Override
    public Duration maxLaunchTime(FunctionSpec fn) {
        return MAX_LAUNCH;
    }

    @Override
    public void retire(FunctionSpec fn, RunningInstance instance) {
        retired.add(instance.instanceId());
    }

    @Override
    public void discard(RunningInstance instance) {
        discarded.add(instance.instanceId());
    }

    @Override
    public boolean listening(RunningInstance instance) {
        return !dead.contains(instance.instanceId());
    }

    @Override
    public InstanceStatus status(RunningInstance instance) {
        return dead.contains(instance.instanceId()) ? new InstanceStatus(false, 137, false) : InstanceStatus.RUNNING;
    }
}
