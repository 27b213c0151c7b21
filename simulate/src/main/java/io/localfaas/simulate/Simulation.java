package io.localfaas.simulate;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executor;

import io.localfaas.failure.PlatformException;
import io.localfaas.loadtest.trace.Trace;
import io.localfaas.pool.FunctionPool;
import io.localfaas.pool.Lease;
import io.localfaas.pool.Outcome;
import io.localfaas.port.SchedulerListener;
import io.localfaas.spec.FunctionSpec;
import io.localfaas.spec.PlatformSpec;
import io.localfaas.spec.ScalingSpec;
import org.HdrHistogram.Histogram;

/**
 * One replay of a trace through the scheduler's real {@link FunctionPool}s on {@link VirtualTime}. Each local function
 * gets a pool as the scheduler builds one (its spec, the platform's maxQueueWait and maxQueue); the pool's starter
 * runs a launch once a start duration drawn from {@code start} (or the function's next measured start) has passed, so
 * an instance is STARTING meanwhile and READY after; a request holds its slot for the trace's duration or one drawn
 * from {@code call}; housekeeping
 * ({@link FunctionPool#tick()}: idle retirement, the minimum) runs every second as on the real platform. Requests take
 * slots with {@link FunctionPool#arrive()}/{@link FunctionPool#poll}, the pool's non-blocking form of acquire.
 * Not modelled: the platform-wide cold-start permits (maxColdStarts), CPU contention, function timeouts and crashes.
 */
public final class Simulation {
    private static final long TICK_NANOS = Duration.ofSeconds(1).toNanos();
    private static final long RECHECK_NANOS = Duration.ofMillis(100).toNanos();

    /**
     * @param functions the local functions, by name (variants already applied)
     * @param mapping   trace function to local function; requests of unmapped ones are left out
     * @param speed     trace time is divided by this
     * @param start     how long an instance takes from start to ready
     * @param call      how long a request holds its slot when the trace gives no duration
     * @param startsMs  per local function, measured start durations (ms) its starts take one after another, from the
     *                  first again after the last, instead of draws from {@code start} (a replay's own, from its report)
     */
    public record Inputs(Map<String, FunctionSpec> functions, PlatformSpec platform, Trace trace, Map<String, String> mapping, double speed,
                         DurationDistribution start, DurationDistribution call, long seed, Map<String, List<Double>> startsMs) {
        public Inputs {
            if (!(speed > 0)) {
                throw new IllegalArgumentException("--speed must be more than 0, not " + speed);
            }
            startsMs = Map.copyOf(startsMs);
        }

        public Inputs(Map<String, FunctionSpec> functions, PlatformSpec platform, Trace trace, Map<String, String> mapping, double speed,
                      DurationDistribution start, DurationDistribution call, long seed) {
            this(functions, platform, trace, mapping, speed, start, call, seed, Map.of());
        }
    }

    /** One local function's pool and what the simulation measures of it. */
    private final class Fn {
        final FunctionSpec spec;
        final FunctionPool pool;
        final ArrayDeque<FunctionPool.Waiter> waiters = new ArrayDeque<>();
        final Histogram added = new Histogram(1, Duration.ofHours(2).toNanos() / 1000, 2);
        long requests;
        long cold;
        long throttled;
        long lastNanos;
        int instances;
        int peak;
        double instanceNanos;

        final List<Double> measured;
        /** Measured starts taken by a task of the starter that launched nothing (a retirement): the next launch's. */
        final ArrayDeque<Long> givenBack = new ArrayDeque<>();
        int starts;

        Fn(FunctionSpec spec) {
            this.spec = spec;
            this.measured = in.startsMs().getOrDefault(spec.name(), List.of());
            Executor starter = launch -> {
                long wait = startNanos();
                time.after(wait, () -> {
                    long before = launcher.launches();
                    touch();
                    launch.run();
                    if (!measured.isEmpty() && launcher.launches() == before) {
                        givenBack.addFirst(wait);
                    }
                    serveWaiters();
                    count();
                });
            };
            this.pool = new FunctionPool(spec, launcher, starter, time, in.platform().maxQueueWait(), in.platform().maxQueue(),
                    SchedulerListener.NONE);
        }

        /**
         * How long the starter's next task waits: a draw from {@code start}, or the next measured start in turn. The pool
         * hands the starter its retirements too, which with measured starts give theirs back to the next launch.
         */
        long startNanos() {
            if (measured.isEmpty()) {
                return in.start().draw(random);
            }
            if (!givenBack.isEmpty()) {
                return givenBack.pollFirst();
            }
            return Math.round(measured.get(starts++ % measured.size()) * 1e6);
        }

        /** Adds the instances held since the last event to the integral; call before anything changes them. */
        void touch() {
            long now = time.nanoTime();
            instanceNanos += (double) instances * (now - lastNanos);
            lastNanos = now;
        }

        void count() {
            instances = pool.views().size();
            peak = Math.max(peak, instances);
        }

        void arrive(long callNanos) {
            touch();
            requests++;
            active++;
            try {
                FunctionPool.Waiter w = pool.arrive();
                if (w.lease().isPresent()) {
                    serve(w.lease().get(), callNanos);
                } else {
                    waiters.add(w);
                    long deadline = time.nanoTime() + in.platform().maxQueueWait().toNanos();
                    long coldDeadline = time.nanoTime() + launcher.maxLaunchTime(spec).toNanos();
                    time.after(in.platform().maxQueueWait().toNanos(), () -> giveUp(w, Math.max(deadline, coldDeadline)));
                    pendingCalls.put(w, callNanos);
                }
            } catch (PlatformException e) {
                throttled++;
                active--;
            }
            count();
        }

        private final Map<FunctionPool.Waiter, Long> pendingCalls = new java.util.IdentityHashMap<>();

        void serve(Lease lease, long callNanos) {
            added.recordValue(Math.max(1, lease.queueWait().toNanos() / 1000));
            if (lease.cold()) {
                cold++;
            }
            time.after(callNanos, () -> {
                touch();
                active--;
                pool.release(lease, Outcome.OK);
                serveWaiters();
                count();
            });
        }

        void serveWaiters() {
            while (!waiters.isEmpty()) {
                FunctionPool.Waiter w = waiters.peek();
                if (!w.waiting()) {
                    waiters.poll();
                    continue;
                }
                if (!pool.poll(w)) {
                    return;
                }
                waiters.poll();
                serve(w.lease().orElseThrow(), pendingCalls.remove(w));
            }
        }

        /** maxQueueWait is over: the waiter gives up, unless an instance is still starting (then up to its launch's bound). */
        void giveUp(FunctionPool.Waiter w, long coldDeadline) {
            if (!w.waiting()) {
                return;
            }
            touch();
            if (pool.starting() && time.nanoTime() < coldDeadline) {
                time.after(RECHECK_NANOS, () -> giveUp(w, coldDeadline));
                return;
            }
            pool.abandon(w);
            pendingCalls.remove(w);
            throttled++;
            active--;
            count();
        }

        void tick() {
            touch();
            pool.tick();
            serveWaiters();
            count();
        }

        FunctionResult result(long endNanos) {
            time.advanceTo(endNanos);
            touch();
            double seconds = instanceNanos / 1e9;
            return new FunctionResult(spec.name(), requests, cold, added.getTotalCount() == 0 ? 0 : added.getValueAtPercentile(50) / 1000.0,
                    added.getTotalCount() == 0 ? 0 : added.getValueAtPercentile(99) / 1000.0, round(seconds),
                    round(seconds * spec.memorySize() / 1024.0), peak, throttled);
        }
    }

    private final Inputs in;
    private final VirtualTime time = new VirtualTime();
    private final Random random;
    private final VirtualLauncher launcher;

    public Simulation(Inputs in) {
        this.in = in;
        this.random = new Random(in.seed());
        this.launcher = new VirtualLauncher(in.platform().startTimeout().plus(in.platform().startTimeout()).plus(Duration.ofSeconds(5)));
    }

    /**
     * Runs the whole trace and the calls still running at its end; instance-seconds count until the last answer.
     * Results by function, in the order given.
     */
    public Map<String, FunctionResult> run() {
        Map<String, Fn> fns = new LinkedHashMap<>();
        in.functions().forEach((name, spec) -> fns.put(name, new Fn(spec)));
        Trace t = in.trace();
        Fn[] byTraceFunction = new Fn[t.functions().size()];
        for (int i = 0; i < byTraceFunction.length; i++) {
            String local = in.mapping().get(t.functions().get(i));
            byTraceFunction[i] = local == null ? null : fns.get(local);
        }
        fns.values().forEach(f -> {
            f.pool.ensureMinimum();
            f.count();
        });
        List<Fn> all = new ArrayList<>(fns.values());
        time.at(TICK_NANOS, new Runnable() {
            @Override
            public void run() {
                for (Fn f : all) {
                    // Housekeeping that can change something: instances to retire, a minimum, or a pre-warm.
                    if (f.instances > 0 || f.spec.minInstances() > 0 || f.spec.scaling().keepAlive() == ScalingSpec.KeepAlive.HISTOGRAM) {
                        f.tick();
                    }
                }
                if (active > 0 || next < t.size()) {
                    time.after(TICK_NANOS, this);
                }
            }
        });
        // Until the last request has its answer (or gave up): what is still scheduled then (waiters' deadlines,
        // instances' removal) changes nothing measured.
        while (next < t.size() || active > 0) {
            long arrival = next < t.size() ? (long) (t.offsetNanos(next) / in.speed()) : Long.MAX_VALUE;
            if (arrival <= time.next()) {
                time.advanceTo(arrival);
                Fn f = byTraceFunction[t.function(next)];
                if (f != null) {
                    long call = t.durationMs(next).map(ms -> (long) (ms * 1e6)).orElseGet(() -> in.call().draw(random));
                    f.arrive(call);
                }
                next++;
            } else {
                time.runNext();
            }
        }
        long end = time.nanoTime();
        Map<String, FunctionResult> out = new LinkedHashMap<>();
        fns.forEach((name, f) -> out.put(name, f.result(end)));
        return out;
    }

    private int next;
    /** Requests arrived and not yet answered nor given up. */
    private long active;

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
