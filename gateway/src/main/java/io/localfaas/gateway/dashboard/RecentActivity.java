package io.localfaas.gateway.dashboard;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import io.localfaas.port.ColdStart;
import io.localfaas.port.SchedulerListener;
import io.localfaas.spec.FunctionSpec;

/** The last requests and cold starts, newest first, each list bounded; thread-safe. */
public final class RecentActivity implements SchedulerListener {
    public static final int KEPT = 50;

    /** A request as the dashboard lists it. */
    public record Request(long at, String function, String instance, int status, long millis, boolean cold) {
    }

    /** A cold start, its kind ({@code stem}: a stem cell specialised, {@code boot}: an instance booted) and where its time went. */
    public record Cold(long at, String function, String instance, long totalMillis, String breakdown, String kind) {
        public Cold(long at, String function, String instance, long totalMillis, String breakdown) {
            this(at, function, instance, totalMillis, breakdown, ColdStart.BOOT);
        }
    }

    private final Clock clock;
    private final Deque<Request> requests = new ArrayDeque<>();
    private final Deque<Cold> colds = new ArrayDeque<>();

    public RecentActivity(Clock clock) {
        this.clock = clock;
    }

    /** A request answered; {@code instance} null when none served it (throttled, unknown function, ...). */
    public void request(String function, String instance, int status, long millis, boolean cold) {
        add(requests, new Request(clock.millis(), function, instance, status, millis, cold));
    }

    @Override
    public void instanceReady(FunctionSpec fn, String instanceId, ColdStart coldStart) {
        add(colds, new Cold(clock.millis(), fn.name(), instanceId, coldStart.total().toMillis(), coldStart.header(),
                coldStart.kind()));
    }

    public List<Request> requests() {
        synchronized (requests) {
            return new ArrayList<>(requests);
        }
    }

    public List<Cold> coldStarts() {
        synchronized (colds) {
            return new ArrayList<>(colds);
        }
    }

    private static <T> void add(Deque<T> d, T item) {
        synchronized (d) {
            d.addFirst(item);
            while (d.size() > KEPT) {
                d.removeLast();
            }
        }
    }
}
