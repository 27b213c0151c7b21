package io.localfaas.loadtest;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.async.methods.SimpleResponseConsumer;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.Timeout;

/**
 * Sends the load: a non-blocking HTTP client (Apache httpclient5 async, pooled keep-alive HTTP/1.1 connections, two
 * I/O threads) and one scheduler thread that starts clients (closed loop) or sends on schedule (open loop), retires
 * instances when asked, and samples in-flight requests and the admin API. Every run is bounded by its profile's time
 * (plus the request timeout to collect the last answers) and by a request count.
 */
public final class LoadGenerator implements AutoCloseable {
    /** Open loop: at most this many requests sent and not answered; beyond, sending waits (its latency still counts). */
    static final int MAX_PENDING = 20_000;
    private static final long SAMPLE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long ADMIN_SAMPLE_MILLIS = 500;

    private final HttpTarget target;
    private final int connections;
    private final Duration timeout;
    private final Optional<AdminClient> admin;
    private final CloseableHttpAsyncClient client;

    public LoadGenerator(HttpTarget target, int connections, Duration timeout, Optional<AdminClient> admin) {
        if (connections < 1 || connections > 10_000) {
            throw new IllegalArgumentException("--connections must be 1-10000, not " + connections);
        }
        this.target = target;
        this.connections = connections;
        this.timeout = timeout;
        this.admin = admin;
        PoolingAsyncClientConnectionManager pool = PoolingAsyncClientConnectionManagerBuilder.create()
                .setMaxConnTotal(connections).setMaxConnPerRoute(connections)
                .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(Timeout.ofSeconds(5))
                        .setSocketTimeout(Timeout.of(timeout)).build())
                .build();
        this.client = HttpAsyncClients.custom().setConnectionManager(pool)
                .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(Math.min(2, Runtime.getRuntime().availableProcessors()))
                        .setTcpNoDelay(true).build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(timeout))
                        .setConnectionRequestTimeout(Timeout.ofDays(1)).build())
                .disableAutomaticRetries().disableRedirectHandling().disableCookieManagement().disableAuthCaching()
                .disableConnectionState().build();
        client.start();
    }

    /** Runs the plan; {@code progress} is called about once a second (from the scheduler thread). */
    public Report run(LoadPlan plan, Consumer<Recorder.Progress> progress) throws InterruptedException {
        Recorder rec = new Recorder();
        if (plan.replay() != null) {
            rec.functionBuckets(plan.stages().total().compareTo(Duration.ofMinutes(10)) <= 0 ? 1 : 60);
        }
        if (plan.forceColdAtStart()) {
            retire(plan);
        }
        Run run = new Run(plan, rec);
        Instant startedAt = Instant.now();
        ScheduledExecutorService tasks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "loadtest-tasks");
            t.setDaemon(true);
            return t;
        });
        ScheduledExecutorService adminTasks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "loadtest-admin");
            t.setDaemon(true);
            return t;
        });
        try {
            tasks.scheduleAtFixedRate(() -> rec.inflight(System.nanoTime() - run.start, run.inflight.get()), 0, SAMPLE_NANOS, TimeUnit.NANOSECONDS);
            tasks.scheduleAtFixedRate(() -> progress.accept(rec.progress()), 1, 1, TimeUnit.SECONDS);
            if (admin.isPresent() && target.function() != null) {
                AtomicLong last = new AtomicLong(System.nanoTime());
                adminTasks.scheduleWithFixedDelay(() -> sampleAdmin(rec, run, last), 0, ADMIN_SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
                if (!plan.forceColdEvery().isZero()) {
                    long every = plan.forceColdEvery().toNanos();
                    adminTasks.scheduleAtFixedRate(() -> retire(plan), every, every, TimeUnit.NANOSECONDS);
                }
            }
            if (plan.replay() != null) {
                run.replayLoop(plan.replay());
            } else if (plan.open()) {
                run.openLoop();
            } else {
                tasks.scheduleAtFixedRate(run::adjustClients, 0, 10, TimeUnit.MILLISECONDS);
                run.awaitEnd(run.start + plan.stages().total().toNanos());
                run.stopping.set(true);
            }
            run.drain();
        } finally {
            tasks.shutdownNow();
            adminTasks.shutdownNow();
            adminTasks.awaitTermination(5, TimeUnit.SECONDS);
        }
        double seconds = (run.lastEnd.get() > 0 ? run.lastEnd.get() : System.nanoTime() - run.start) / 1e9;
        Report.Load load = new Report.Load(plan.open() ? "open" : "closed", plan.replay() != null ? plan.replay().toString()
                : plan.stages().toString(), plan.maxRequests(), connections,
                plan.forceColdEvery().toMillis() / 1000.0, plan.forceColdAtStart());
        return rec.report(plan.label(), new Report.Target(target.url().toString(), target.method(), target.function()), load,
                startedAt.toString(), seconds);
    }

    private void retire(LoadPlan plan) {
        if (admin.isEmpty() || target.function() == null) {
            throw new IllegalStateException("forcing cold starts needs the function's name and the admin token");
        }
        try {
            admin.get().retire(target.function());
        } catch (IOException e) {
            throw new IllegalStateException("could not retire the instances of " + target.function() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void sampleAdmin(Recorder rec, Run run, AtomicLong last) {
        try {
            long now = System.nanoTime();
            Optional<AdminClient.FunctionInfo> f = admin.get().function(target.function());
            f.ifPresent(i -> rec.instances(now - run.start, i.total(), i.ready(), i.starting(), i.memorySize(), now - last.get()));
            last.set(now);
        } catch (IOException e) {
            // a missed sample: the series has a gap
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The state of one run. */
    private final class Run {
        final LoadPlan plan;
        final Recorder rec;
        final long start = System.nanoTime();
        final AtomicInteger inflight = new AtomicInteger();
        final AtomicLong issued = new AtomicLong();
        final AtomicLong lastEnd = new AtomicLong();
        final AtomicBoolean stopping = new AtomicBoolean();
        final Semaphore pending = new Semaphore(MAX_PENDING);
        final Object lock = new Object();
        final boolean[] running;
        volatile int clients;

        Run(LoadPlan plan, Recorder rec) {
            this.plan = plan;
            this.rec = rec;
            this.running = new boolean[plan.open() ? 0 : (int) Math.ceil(plan.stages().maxLevel())];
        }

        boolean budget() {
            return issued.incrementAndGet() <= plan.maxRequests();
        }

        /** Closed loop: starts clients up to the profile's level now; clients above it stop after their request. */
        void adjustClients() {
            long elapsed = System.nanoTime() - start;
            int level = (int) Math.round(plan.stages().level(elapsed));
            if (stopping.get() || elapsed >= plan.stages().total().toNanos()) {
                level = 0;
            }
            clients = level;
            for (int id = 0; id < level; id++) {
                boolean launch;
                synchronized (lock) {
                    launch = !running[id];
                    running[id] = launch || running[id];
                }
                if (launch) {
                    next(id);
                }
            }
        }

        void next(int id) {
            if (stopping.get() || id >= clients || !budget()) {
                synchronized (lock) {
                    running[id] = false;
                }
                if (issued.get() > plan.maxRequests()) {
                    stopping.set(true);
                }
                return;
            }
            long now = System.nanoTime();
            send(now, () -> next(id));
        }

        void openLoop() throws InterruptedException {
            long end = start + plan.stages().total().toNanos();
            for (long k = 0; !stopping.get(); k++) {
                long t = plan.stages().sendTimeNanos(k);
                if (t < 0 || !budget()) {
                    break;
                }
                long intended = start + t;
                parkUntil(intended);
                if (System.nanoTime() >= end) {
                    break;
                }
                pending.acquire();
                send(intended, pending::release);
            }
            stopping.set(true);
        }

        /** A trace's requests on its schedule, each to its function's target; bounded as the open loop is. */
        void replayLoop(Replay replay) throws InterruptedException {
            long end = start + plan.stages().total().toNanos();
            for (int k = 0; k < replay.size() && !stopping.get() && budget(); k++) {
                long intended = start + replay.sendTimeNanos(k);
                parkUntil(intended);
                if (System.nanoTime() >= end) {
                    break;
                }
                pending.acquire();
                send(intended, replay.target(k), replay.function(k), pending::release);
            }
            stopping.set(true);
        }

        void send(long intended, Runnable after) {
            send(intended, target, null, after);
        }

        void send(long intended, HttpTarget target, String function, Runnable after) {
            inflight.incrementAndGet();
            long sent = System.nanoTime();
            SimpleHttpRequest req = SimpleHttpRequest.create(target.method(), target.url());
            target.headers().forEach((k, vs) -> vs.forEach(v -> req.addHeader(k, v)));
            if (target.body().length > 0) {
                req.setBody(target.body(), ContentType.APPLICATION_OCTET_STREAM);
            }
            client.execute(SimpleRequestProducer.create(req), SimpleResponseConsumer.create(), new FutureCallback<>() {
                @Override
                public void completed(SimpleHttpResponse r) {
                    done(new Outcome(intended - start, sent - start, System.nanoTime() - start, r.getCode(), header(r, "x-fc-error-type"),
                            "true".equals(header(r, "x-localfaas-cold-start")), header(r, "x-localfaas-instance"),
                            header(r, "x-localfaas-start-breakdown"), header(r, "x-localfaas-queue-wait"), function), after);
                }

                @Override
                public void failed(Exception e) {
                    done(new Outcome(intended - start, sent - start, System.nanoTime() - start, 0, null, false, null, null, null, function), after);
                }

                @Override
                public void cancelled() {
                    failed(null);
                }
            });
        }

        void done(Outcome o, Runnable after) {
            rec.record(o);
            lastEnd.accumulateAndGet(o.endNanos(), Math::max);
            if (inflight.decrementAndGet() == 0) {
                synchronized (this) {
                    notifyAll();
                }
            }
            after.run();
        }

        /** Waits until {@code deadline} (nanoTime) or until the request budget is spent. */
        void awaitEnd(long deadline) throws InterruptedException {
            while (!stopping.get()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                LockSupport.parkNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(10)));
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        }

        /** Waits for the requests in flight, at most the request timeout plus 5 s. */
        void drain() throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos() + TimeUnit.SECONDS.toNanos(5);
            synchronized (this) {
                while (inflight.get() > 0) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return;
                    }
                    wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                }
            }
        }

        private void parkUntil(long nanoTime) throws InterruptedException {
            long left;
            while ((left = nanoTime - System.nanoTime()) > 0) {
                LockSupport.parkNanos(left);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        }
    }

    private static String header(SimpleHttpResponse r, String name) {
        Header h = r.getFirstHeader(name);
        return h == null ? null : h.getValue();
    }

    @Override
    public void close() {
        client.close(CloseMode.GRACEFUL);
    }
}
