package io.localfaas.runtime.java17;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import com.aliyun.fc.runtime.FunctionComputeLogger;

/**
 * {@code context.getLogger()}: one line per call, as FC's Java runtime writes them,
 * {@code 2017-07-05T05:13:35.920Z <requestId> [INFO] hello world}, to the process's original stdout.
 *
 * <p>The level is runtime-wide: {@code ALIYUN_FC_LOG_LEVEL} (trace, debug, info, warn, error, fatal) sets it at start
 * (default: everything), {@link #setLogLevel} changes it for every logger of the instance.
 */
public final class FcLogger implements FunctionComputeLogger {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    /** The streams as they were at start: user code replacing System.out does not move the runtime's lines. */
    private static volatile PrintStream OUT = System.out;
    private static volatile PrintStream ERR = System.err;

    private static volatile Level threshold = levelOf(System.getenv("ALIYUN_FC_LOG_LEVEL"));
    /** Call Start markers held back until something is written (see {@link HeldMarkers}). */
    private static final HeldMarkers MARKERS = new HeldMarkers(text -> {
        PrintStream out = OUT;
        out.print(text);
        out.flush();
    }, HeldMarkers.daemonTimer());

    private final String requestId;

    public FcLogger(String requestId) {
        this.requestId = requestId;
    }

    @Override
    public void trace(String message) {
        write(Level.TRACE, message);
    }

    @Override
    public void debug(String message) {
        write(Level.DEBUG, message);
    }

    @Override
    public void info(String message) {
        write(Level.INFO, message);
    }

    @Override
    public void warn(String message) {
        write(Level.WARN, message);
    }

    @Override
    public void error(String message) {
        write(Level.ERROR, message);
    }

    @Override
    public void fatal(String message) {
        write(Level.FATAL, message);
    }

    @Override
    public void setLogLevel(Level level) {
        if (level != null) {
            threshold = level;
        }
    }

    private void write(Level level, String message) {
        if (level.ordinal() >= threshold.ordinal()) {
            MARKERS.flush();
            OUT.println(line(Instant.now(), requestId, level, message));
        }
    }

    /** {@code <ISO-8601 UTC ms> <requestId> [<LEVEL>] <message>}; the id is left out when there is none. */
    static String line(Instant time, String requestId, Level level, String message) {
        return TIME.format(time) + (requestId == null ? "" : " " + requestId) + " [" + level + "] " + message;
    }

    static Level levelOf(String text) {
        if (text == null || text.isBlank()) {
            return Level.TRACE;
        }
        try {
            return Level.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Level.TRACE;
        }
    }

    /** Sends the runtime's lines elsewhere (tests that read them). */
    static void redirect(PrintStream out, PrintStream err) {
        OUT = out;
        ERR = err;
    }

    /** A line of the runtime's own written verbatim (the listening line). */
    static void marker(String text) {
        MARKERS.flush();
        OUT.println(text);
    }

    /** FC's Start marker of a call ({@code FC Invoke Start RequestId: …}), verbatim; held until something is written. */
    static void startMarker(String text) {
        MARKERS.start(text);
    }

    /** FC's End marker of a call, verbatim, in one write with a Start marker still held. */
    static void endMarker(String text) {
        MARKERS.end(text);
    }

    /** The runtime's own messages, in the logger's line format. */
    static void runtimeInfo(String requestId, String message) {
        MARKERS.flush();
        OUT.println(line(Instant.now(), requestId, Level.INFO, message));
    }

    static void runtimeError(String requestId, String message) {
        MARKERS.flush();
        ERR.println(line(Instant.now(), requestId, Level.ERROR, message));
    }

    /**
     * Makes what user code writes to {@code System.out} and {@code System.err} write a held Start marker first, so that
     * it never appears before its call's Start marker. Called once, at start.
     */
    static void holdMarkersBeforeUserOutput() {
        System.setOut(flushingFirst(OUT));
        System.setErr(flushingFirst(ERR));
    }

    private static PrintStream flushingFirst(PrintStream stream) {
        return new PrintStream(new java.io.FilterOutputStream(stream) {
            @Override
            public void write(int b) throws java.io.IOException {
                MARKERS.flush();
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws java.io.IOException {
                MARKERS.flush();
                out.write(b, off, len);
            }
        }, true);
    }
}
