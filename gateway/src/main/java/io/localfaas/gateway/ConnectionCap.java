package io.localfaas.gateway;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.undertow.server.AbstractServerConnection;
import io.undertow.server.ExchangeCompletionListener;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.ServerConnection;
import io.undertow.util.AttachmentKey;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.channels.AcceptingChannel;

/**
 * The listener's connection cap, as nginx reuses connections when {@code worker_connections} run out: a connection
 * accepted while {@code cap} are open makes room by closing the oldest idle ones (in the order they were accepted),
 * idle meaning no request in progress: a connection that never sent a request, one kept alive between requests, or
 * one still sending its request head (which {@code REQUEST_PARSE_TIMEOUT} bounds anyway). Connections with a request
 * in progress and upgraded (WebSocket) ones are never closed for room; when every connection is busy, accepting pauses
 * (new clients wait in the backlog) until a request completes. Without this, a client holding the cap's worth of idle
 * connections delayed every new one until its connections timed out (~29 s at 2 200 of them, bench/RESULTS.md).
 * <p>
 * {@link #accepting} wraps the listener's open listener (sees every accepted connection, on its I/O thread);
 * {@link #marking} wraps its root handler (marks a connection busy from a request's head to its completion).
 */
final class ConnectionCap {
    /** At most this many connections are closed for one accepted (nginx closes at most 32 at once). */
    static final int MAX_CLOSED_PER_ACCEPT = 32;

    private final int cap;
    private final Runnable closedOne;
    private final AttachmentKey<Open> key = AttachmentKey.create(Open.class);
    /** Open connections (and some just closed, pruned when the cap is reached), oldest first. */
    private final Map<StreamConnection, Open> open = new LinkedHashMap<>();
    /** The listening channel, once bound; accepting on it is paused while every connection is busy. */
    private volatile AcceptingChannel<StreamConnection> listening;
    private volatile boolean paused;

    /**
     * One accepted connection; busy while a request is in progress on it, or for good once upgraded. It is its requests'
     * completion listener too (one object per connection, not one per request).
     */
    private final class Open implements ExchangeCompletionListener {
        final StreamConnection channel;
        volatile boolean busy;

        Open(StreamConnection channel) {
            this.channel = channel;
        }

        @Override
        public void exchangeEvent(HttpServerExchange exchange, NextListener nextListener) {
            // An upgraded connection stays busy: it is a WebSocket now, not an idle HTTP connection.
            busy = exchange.getStatusCode() == 101;
            resume();
            nextListener.proceed();
        }
    }

    /**
     * @param cap       open connections kept; from there on each accepted one closes the oldest idle ones
     * @param closedOne called for each idle connection closed to make room (a metric)
     */
    ConnectionCap(int cap, Runnable closedOne) {
        if (cap < 1) {
            throw new IllegalArgumentException("connection cap " + cap + " must be at least 1");
        }
        this.cap = cap;
        this.closedOne = closedOne;
    }

    /**
     * Which connections to close when {@code oldestFirst} (open connections in accepted order, the one just accepted
     * last) exceed {@code cap}: the oldest idle ones, as many as the excess, at most {@link #MAX_CLOSED_PER_ACCEPT};
     * never the one just accepted. Pure.
     */
    static <C> List<C> toClose(List<C> oldestFirst, Predicate<C> idle, int cap) {
        int excess = Math.min(oldestFirst.size() - cap, MAX_CLOSED_PER_ACCEPT);
        List<C> out = new ArrayList<>(Math.max(0, excess));
        for (int i = 0; i < oldestFirst.size() - 1 && out.size() < excess; i++) {
            C c = oldestFirst.get(i);
            if (idle.test(c)) {
                out.add(c);
            }
        }
        return out;
    }

    /** {@code next} (the listener's open listener), with every accepted connection counted first. */
    ChannelListener<StreamConnection> accepting(ChannelListener<StreamConnection> next) {
        return channel -> {
            List<Open> victims = accepted(channel);
            next.handleEvent(channel);
            for (Open v : victims) {
                closedOne.run();
                v.channel.getIoThread().execute(() -> IoUtils.safeClose(v.channel));
            }
        };
    }

    /** The channel whose accepting this cap pauses when every connection is busy; set once it is bound. */
    void pauses(AcceptingChannel<StreamConnection> channel) {
        this.listening = channel;
    }

    private List<Open> accepted(StreamConnection channel) {
        synchronized (open) {
            open.put(channel, new Open(channel));
            if (open.size() <= cap) {
                return List.of();
            }
            for (Iterator<StreamConnection> it = open.keySet().iterator(); it.hasNext(); ) {
                if (!it.next().isOpen()) {
                    it.remove();
                }
            }
            List<Open> victims = toClose(new ArrayList<>(open.values()), o -> !o.busy, cap);
            victims.forEach(v -> open.remove(v.channel));
            if (open.size() > cap) {
                pause(channel);
            }
            return victims;
        }
    }

    /**
     * Every connection is busy: accepting pauses (new clients wait in the backlog) until a request completes, or for a
     * second at most (connections closed by their peers or timeouts free room without a request completing).
     */
    private void pause(StreamConnection accepted) {
        AcceptingChannel<StreamConnection> l = listening;
        if (l != null && !paused) {
            paused = true;
            l.suspendAccepts();
            accepted.getIoThread().executeAfter(this::resume, 1, TimeUnit.SECONDS);
        }
    }

    /** Accepting goes on, if it was paused (runs as every request completes: one volatile read when it was not). */
    private void resume() {
        if (paused) {
            paused = false;
            listening.resumeAccepts();
        }
    }

    /** {@code next} (the listener's root handler), with its connection marked busy until the request completes. */
    HttpHandler marking(HttpHandler next) {
        return exchange -> {
            Open o = of(exchange.getConnection());
            if (o != null) {
                o.busy = true;
                exchange.addExchangeCompleteListener(o);
            }
            next.handleRequest(exchange);
        };
    }

    /** The record of {@code connection}, found once and then kept on it; null for one this cap did not accept. */
    private Open of(ServerConnection connection) {
        Open o = connection.getAttachment(key);
        if (o == null && connection instanceof AbstractServerConnection a) {
            synchronized (open) {
                o = open.get(a.getChannel());
            }
            if (o != null) {
                connection.putAttachment(key, o);
            }
        }
        return o;
    }
}
