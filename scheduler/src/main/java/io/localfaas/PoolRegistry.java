package io.localfaas;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Function;

import io.localfaas.failure.PlatformException;
import io.localfaas.failure.PlatformException.Kind;
import io.localfaas.pool.FunctionPool;
import io.localfaas.pool.Lease;
import io.localfaas.port.Reload;
import io.localfaas.spec.FunctionSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pools by function name, and what a configuration change does to them: a {@link Reload} keeps the
 * pools of unchanged functions, gives changed and added ones new pools, and lets the pools it replaced drain in the
 * background (in-flight requests finish within the function's timeout, then pre-stop and removal). The map is
 * replaced whole, never mutated, so readers take no lock.
 */
final class PoolRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(PoolRegistry.class);

    private final Function<FunctionSpec, FunctionPool> newPool;
    /** Runs the drain of replaced pools. */
    private final Executor drainer;
    private volatile Map<String, FunctionPool> pools;
    /** The specs of {@link #pools}, replaced with them: the same list object until the next reload. */
    private volatile List<FunctionSpec> functions;
    /** Pools a reload replaced that still finish their requests. */
    private final Set<FunctionPool> draining = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    PoolRegistry(List<FunctionSpec> initial, Function<FunctionSpec, FunctionPool> newPool, Executor drainer) {
        this.newPool = newPool;
        this.drainer = drainer;
        Map<String, FunctionPool> map = new LinkedHashMap<>();
        initial.forEach(fn -> map.put(fn.name(), newPool.apply(fn)));
        replace(map);
    }

    private void replace(Map<String, FunctionPool> next) {
        pools = Collections.unmodifiableMap(next);
        functions = next.values().stream().map(FunctionPool::spec).toList();
    }

    Optional<FunctionPool> pool(String function) {
        return Optional.ofNullable(pools.get(function));
    }

    /** @throws PlatformException FUNCTION_NOT_FOUND */
    FunctionPool require(String function) {
        FunctionPool pool = pools.get(function);
        if (pool == null) {
            throw PlatformException.of(Kind.FUNCTION_NOT_FOUND, "function '" + function + "' does not exist");
        }
        return pool;
    }

    /** The serving pools, by function name (an immutable map, replaced by each reload). */
    Map<String, FunctionPool> pools() {
        return pools;
    }

    List<FunctionSpec> functions() {
        return functions;
    }

    /** The ids of every instance a pool holds, serving or draining. */
    Set<String> instanceIds() {
        Set<String> known = new HashSet<>();
        pools.values().forEach(p -> known.addAll(p.instanceIds()));
        draining.forEach(p -> known.addAll(p.instanceIds()));
        return known;
    }

    /**
     * A slot on an instance of {@code function}, waiting as {@link FunctionPool#acquire()} does. When a reload
     * replaced the function's pool while the request waited, its new pool serves it. No retry otherwise: the function
     * may already have run the request.
     *
     * @throws PlatformException FUNCTION_NOT_FOUND, or what the pool throws
     */
    Leased acquire(String function) {
        FunctionPool pool = require(function);
        try {
            return new Leased(pool, pool.acquire());
        } catch (PlatformException e) {
            FunctionPool now = pools.get(function);
            if (now == null || now == pool || closed) {
                throw e;
            }
            return new Leased(now, now.acquire());
        }
    }

    /** A slot on an instance of {@code function} if one is free now (see {@link FunctionPool#tryAcquire()}). */
    Optional<Leased> tryAcquire(String function) {
        FunctionPool pool = require(function);
        Optional<Lease> lease = pool.tryAcquire();
        return lease.map(l -> new Leased(pool, l));
    }

    /** Applies {@code next} (see {@link Scheduler#reload}); fresh pools start their reserved instances. */
    synchronized Reload reload(List<FunctionSpec> next) {
        if (closed) {
            throw new IllegalStateException("the scheduler is shut down");
        }
        Map<String, FunctionPool> current = pools;
        Reload plan = Reload.plan(functions, next);
        Map<String, FunctionPool> map = new LinkedHashMap<>();
        List<FunctionPool> fresh = new ArrayList<>();
        for (FunctionSpec fn : next) {
            FunctionPool pool = plan.unchanged().contains(fn.name()) ? current.get(fn.name()) : newPool.apply(fn);
            if (pool != current.get(fn.name())) {
                fresh.add(pool);
            }
            map.put(fn.name(), pool);
        }
        List<FunctionPool> replaced = current.entrySet().stream().filter(e -> map.get(e.getKey()) != e.getValue())
                .map(Map.Entry::getValue).toList();
        draining.addAll(replaced);
        replace(map);
        fresh.forEach(FunctionPool::ensureMinimum);
        for (FunctionPool old : replaced) {
            drainer.execute(() -> {
                old.close(old.spec().timeout().plusSeconds(1));
                draining.remove(old);
            });
        }
        LOG.info("reloaded: added {}, changed {}, removed {}, unchanged {}", plan.added(), plan.changed(), plan.removed(), plan.unchanged());
        return plan;
    }

    /** A reload in which only {@code function}'s instanceConcurrency changed (see {@link Scheduler#instanceConcurrency}). */
    synchronized Reload instanceConcurrency(String function, int value) {
        require(function);
        return reload(functions.stream().map(f -> f.name().equals(function) ? f.withInstanceConcurrency(value) : f).toList());
    }

    /** Stops every serving pool, each waiting up to {@code grace} for its requests; reloads are refused from now on. */
    void close(Duration grace) {
        Collection<FunctionPool> all;
        synchronized (this) {
            closed = true;
            all = pools.values();
        }
        for (FunctionPool p : all) {
            int abandoned = p.close(grace);
            if (abandoned > 0) {
                LOG.warn("{} request(s) of {} still running after the {}ms grace period", abandoned, p.spec().name(), grace.toMillis());
            }
        }
    }
}
