package io.localfaas.gateway.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.localfaas.port.Platform;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.sse.ServerSentEventConnection;
import io.undertow.server.handlers.sse.ServerSentEventHandler;
import io.undertow.util.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the live dashboard: the page (plain HTML and JavaScript, ECharts inlined from its webjar at build time, so it
 * opens with no network) and its server-sent events, one {@code state} frame ({@link DashboardState}) about twice a
 * second to every open page. The admin API checks the token before it hands a request here.
 */
public final class DashboardHandler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardHandler.class);
    static final long PERIOD_MILLIS = 500;
    private static final String ECHARTS = "META-INF/resources/webjars/echarts/";

    private final Platform scheduler;
    private final RecentActivity activity;
    private final Clock clock;
    private final Supplier<String> service;
    private final ServerSentEventHandler events = new ServerSentEventHandler();
    private final ScheduledExecutorService pusher;
    private volatile byte[] page;

    public DashboardHandler(Platform scheduler, RecentActivity activity, Clock clock) {
        this.scheduler = scheduler;
        this.activity = activity;
        this.clock = clock;
        this.service = () -> scheduler.functions().isEmpty() ? "" : scheduler.functions().get(0).service();
        this.pusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "localfaas-dashboard");
            t.setDaemon(true);
            return t;
        });
        pusher.scheduleWithFixedDelay(this::push, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The page, with ECharts inlined. */
    public void page(HttpServerExchange exchange) {
        byte[] p = page;
        if (p == null) {
            p = page = render().getBytes(StandardCharsets.UTF_8);
        }
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/html; charset=utf-8");
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.getResponseSender().send(java.nio.ByteBuffer.wrap(p));
    }

    /** Opens an event stream; the first frame follows at the next push. */
    public void events(HttpServerExchange exchange) {
        try {
            events.handleRequest(exchange);
        } catch (Exception e) {
            throw new IllegalStateException("cannot open the dashboard's event stream", e);
        }
    }

    /** One frame to every open page (nothing is built while no page is open). */
    void push() {
        try {
            if (events.getConnections().isEmpty()) {
                return;
            }
            String frame = DashboardState.build(new DashboardState.Inputs(service.get(), clock.millis(), scheduler.snapshot(),
                    name -> scheduler.functions().stream().filter(f -> f.name().equals(name)).findFirst(), scheduler::instanceMetrics,
                    scheduler::watermarkDesired, activity)).toString();
            for (ServerSentEventConnection c : events.getConnections()) {
                if (c.isOpen()) {
                    c.send(frame, "state", null, null);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("dashboard frame failed: {}", e.getMessage());
        }
    }

    static String render() {
        String html = resource("io/localfaas/gateway/dashboard/dashboard.html");
        return html.replace("/*ECHARTS*/", echarts().replace("</script", "<\\/script"));
    }

    static String echarts() {
        Properties p = new Properties();
        try (InputStream in = DashboardHandler.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars.npm/echarts/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("the echarts webjar is not on the class path");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return resource(ECHARTS + p.getProperty("version") + "/dist/echarts.common.min.js");
    }

    private static String resource(String name) {
        try (InputStream in = DashboardHandler.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends every event stream (so that a drain does not wait for them) and the pushes. */
    @Override
    public void close() {
        pusher.shutdownNow();
        for (ServerSentEventConnection c : events.getConnections()) {
            try {
                c.close();
            } catch (IOException e) {
                LOG.debug("closing a dashboard stream: {}", e.toString());
            }
        }
    }
}
