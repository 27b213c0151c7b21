package io.localfaas.scaling;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;


/**
 * The {@code keepAlive: histogram} policy (Shahrad et al., "Serverless in the Wild", ATC 2020, hybrid histogram
 * policy): from a function's idle times, a pre-warm time (the 5th percentile, less a 10 % margin) before which an idle
 * function holds no instance, and a keep-alive end (the 99th percentile, plus 10 %) after which it holds none; in
 * between it keeps one warm instance, starting one if it has none. As in the study, the histogram is used only when it
 * is representative: {@value #MIN_SAMPLES} idle times or more, at most half of them out of range, and gathered rather
 * than spread (the coefficient of variation of the bin counts at least {@value #MIN_CV}); otherwise the fixed
 * keep-alive ({@code idleTimeout}) applies. localfaas's choice on top of the study's: the window replaces the fixed
 * keep-alive only for a function whose pre-warm time is at least {@code idleTimeout}, one whose idle times are nearly
 * all longer than the fixed keep-alive (which would then hold an instance for nothing and still start cold); a busier
 * function keeps the fixed keep-alive, so the policy never trades its cold starts for memory. Pure: decisions over the
 * counts and a snapshot of the instances.
 */
public final class HistogramKeepAlive {
    static final int MIN_SAMPLES = 5;
    static final double HEAD = 0.05;
    static final double TAIL = 0.99;
    static final double MARGIN = 0.10;
    static final double MIN_CV = 5;

    private HistogramKeepAlive() {
    }

    /**
     * When an idle function should hold a warm instance: from {@code prewarm} to {@code end} after its last request
     * ended.
     */
    public record Window(Duration prewarm, Duration end, boolean fromHistogram) {
        public static Window fixed(Duration idleTimeout) {
            return new Window(Duration.ZERO, idleTimeout, false);
        }
    }

    public static Window window(IdleTimes idle, Duration idleTimeout) {
        long inRange = idle.total() - idle.outOfRange();
        if (idle.total() < MIN_SAMPLES || idle.outOfRange() * 2 > idle.total() || inRange == 0 || idle.binCv() < MIN_CV) {
            return Window.fixed(idleTimeout);
        }
        long head = (long) (idle.percentile(HEAD, false) * (1 - MARGIN));
        long tail = (long) Math.ceil(idle.percentile(TAIL, true) * (1 + MARGIN));
        if (head < idleTimeout.toMillis()) {
            return Window.fixed(idleTimeout);
        }
        return new Window(Duration.ofMillis(head), Duration.ofMillis(Math.max(tail, head + 1000)), true);
    }

    /**
     * What the policy sees of one instance.
     *
     * @param counts   serves or will serve (starting, initializing, ready)
     * @param idle     ready with no request in flight (may be retired)
     */
    public record Instance(String id, boolean counts, boolean idle, long lastUsedMillis) {
    }

    /**
     * The keep-alive policy's decision now: the instances to retire and how many to start. Under a fixed window (or
     * while a request runs) an idle instance goes once it has been idle for the window's end (the fixed keep-alive,
     * {@code idleTimeout}), never below minInstances; under a histogram window an idle function holds one warm
     * instance from the pre-warm time to the end, and none outside it.
     *
     * @param idleSinceMillis when the function's last request ended, or -1 while a request runs or before the first
     */
    public static ScalingDecision decide(Window w, List<Instance> instances, int minInstances, int maxInstances, long nowMillis,
                                         long idleSinceMillis) {
        int counted = (int) instances.stream().filter(Instance::counts).count();
        if (idleSinceMillis < 0 || !w.fromHistogram()) {
            // Busy, or the fixed keep-alive: an instance idle past the window's end goes.
            List<String> retire = longestIdleFirst(instances, counted - minInstances, i -> nowMillis - i.lastUsedMillis() >= w.end().toMillis());
            return new ScalingDecision(counted - retire.size(), 0, retire, "idle for " + w.end().toMillis() + "ms or more");
        }
        long elapsed = nowMillis - idleSinceMillis;
        boolean warmWanted = elapsed >= w.prewarm().toMillis() && elapsed < w.end().toMillis();
        int keep = Math.max(minInstances, warmWanted ? 1 : 0);
        if (counted < keep) {
            int start = Math.min(keep - counted, Math.max(0, maxInstances - counted));
            return new ScalingDecision(counted + start, start, List.of(), "pre-warm window of the idle times");
        }
        List<String> retire = longestIdleFirst(instances, counted - keep, i -> true);
        return new ScalingDecision(counted - retire.size(), 0, retire, "outside the warm window of the idle times");
    }

    private static List<String> longestIdleFirst(List<Instance> instances, long atMost, java.util.function.Predicate<Instance> eligible) {
        List<String> out = new ArrayList<>();
        instances.stream()
                .filter(i -> i.idle() && eligible.test(i))
                .sorted(Comparator.comparingLong(Instance::lastUsedMillis).thenComparing(Instance::id))
                .limit(Math.max(0, atMost))
                .forEach(i -> out.add(i.id()));
        return out;
    }
}
