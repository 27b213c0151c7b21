package io.localfaas.simulate;

import java.util.PriorityQueue;

import io.localfaas.pool.Ticker;

/**
 * The simulation's clock and its agenda: the time moves only when the next event runs. Events at the same time run in
 * the order they were scheduled. Single-threaded.
 */
final class VirtualTime implements Ticker {
    private record Event(long at, long seq, Runnable action) {
    }

    private final PriorityQueue<Event> agenda = new PriorityQueue<>((a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
    private long now;
    private long seq;

    @Override
    public long nanoTime() {
        return now;
    }

    void at(long nanos, Runnable action) {
        agenda.add(new Event(Math.max(nanos, now), seq++, action));
    }

    void after(long nanos, Runnable action) {
        at(now + nanos, action);
    }

    /** When the next event is due, or Long.MAX_VALUE when there is none. */
    long next() {
        Event e = agenda.peek();
        return e == null ? Long.MAX_VALUE : e.at;
    }

    /** Moves the clock to {@code nanos} (never back). */
    void advanceTo(long nanos) {
        now = Math.max(now, nanos);
    }

    /** Runs the next event, moving the clock to its time. */
    void runNext() {
        Event e = agenda.poll();
        now = Math.max(now, e.at);
        e.action.run();
    }

    boolean idle() {
        return agenda.isEmpty();
    }
}
