package io.localfaas.testing;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import java.net.http.WebSocket;

/**
 * A JDK {@link WebSocket.Listener} for tests: queues the text messages it receives and completes {@link #ended} with
 * {@code "<status> <reason>"} on a close frame, or {@code "error <throwable>"} when the connection failed (a connection
 * dropped without a close frame: WebSocket's 1006).
 */
public final class WebSocketRecorder implements WebSocket.Listener {
    public final CompletableFuture<String> ended = new CompletableFuture<>();
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final StringBuilder part = new StringBuilder();
    /** The connection, once a test stored it. */
    public volatile WebSocket ws;

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        part.append(data);
        if (last) {
            received.add(part.toString());
            part.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int status, String reason) {
        ended.complete(status + " " + reason);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        ended.complete("error " + error);
    }

    /** The next text message, waiting at most {@code within}. */
    public String next(Duration within) throws InterruptedException {
        String s = received.poll(within.toMillis(), TimeUnit.MILLISECONDS);
        if (s == null) {
            throw new AssertionError("no message came within " + within);
        }
        return s;
    }

    /** Whether the connection ended by a drop rather than a close frame (1006, or an error). */
    public static boolean dropped(String end) {
        return end.startsWith("1006") || end.startsWith("error");
    }
}
