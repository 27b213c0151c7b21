package io.localfaas.simulate;

import java.time.Duration;

import io.localfaas.backend.InstanceStatus;
import io.localfaas.backend.RunningInstance;
import io.localfaas.lifecycle.StartedInstance;
import io.localfaas.pool.Launcher;
import io.localfaas.port.ColdStart;
import io.localfaas.spec.FunctionSpec;

/**
 * The launcher of a simulated pool: an instance is ready the moment its launch runs, because the pool's starter (see
 * {@link Simulation}) runs the launch only once the drawn start duration has passed on the virtual clock. Nothing to
 * stop, always listening.
 */
final class VirtualLauncher implements Launcher {
    private final Duration maxLaunchTime;
    private long launches;

    VirtualLauncher(Duration maxLaunchTime) {
        this.maxLaunchTime = maxLaunchTime;
    }

    @Override
    public StartedInstance launch(FunctionSpec fn, String instanceId, Runnable onInitializing) {
        launches++;
        onInitializing.run();
        return new StartedInstance(new RunningInstance(instanceId, "virtual-" + instanceId, "127.0.0.1", 1, Duration.ZERO),
                new ColdStart(Duration.ZERO, Duration.ZERO, Duration.ZERO));
    }

    /** How many launches ran so far (the simulation runs them one at a time, on the virtual clock). */
    long launches() {
        return launches;
    }

    @Override
    public Duration maxLaunchTime(FunctionSpec fn) {
        return maxLaunchTime;
    }

    @Override
    public void retire(FunctionSpec fn, RunningInstance instance) {
    }

    @Override
    public void discard(RunningInstance instance) {
    }

    @Override
    public boolean listening(RunningInstance instance) {
        return true;
    }

    @Override
    public InstanceStatus status(RunningInstance instance) {
        return InstanceStatus.RUNNING;
    }
}
