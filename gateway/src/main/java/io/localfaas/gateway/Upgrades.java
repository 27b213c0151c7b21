package io.localfaas.gateway;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;

import io.localfaas.spec.FunctionSpec;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import org.xnio.XnioIoThread;

/**
 * WebSocket through the gateway: which requests ask for it, which functions may serve it (FC: custom runtime and custom
 * container functions, whose own server handles the upgrade), and the upgraded connections open now, so that the drain
 * counts them as in flight and cuts those still open when its grace is over.
 */
final class Upgrades {
    static final String WEBSOCKET = "websocket";

    /** Open upgraded calls and the I/O thread each runs on. */
    private final Map<InstanceCall, XnioIoThread> open = new ConcurrentHashMap<>();
    private final Object changed = new Object();

    /** Whether a request asks to switch to WebSocket: {@code Connection: upgrade} and {@code Upgrade: websocket}. */
    static boolean asked(HeaderMap headers) {
        String upgrade = headers.getFirst(Headers.UPGRADE);
        if (upgrade == null || !upgrade.trim().equalsIgnoreCase(WEBSOCKET)) {
            return false;
        }
        for (String connection : headers.get(Headers.CONNECTION) == null ? java.util.List.<String>of() : headers.get(Headers.CONNECTION)) {
            for (String token : connection.split(",")) {
                if (token.trim().toLowerCase(Locale.ROOT).equals("upgrade")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Why {@code function} cannot serve a WebSocket ({@code event}: the trigger passes FC 3.0's HTTP event, not the
     * request), or empty when it can. Pure.
     */
    static Optional<ErrorResponse> refusal(FunctionSpec function, boolean event) {
        return refusal(function, event, "WebSocketNotSupported", "WebSocket", "a WebSocket");
    }

    /**
     * Why {@code function} cannot serve {@code protocol} itself (only custom runtime and custom-container functions,
     * whose own server answers, can; not behind a trigger that passes FC 3.0's HTTP event), as {@code errorCode}; empty
     * when it can. Pure.
     */
    static Optional<ErrorResponse> refusal(FunctionSpec function, boolean event, String errorCode, String protocol, String oneCall) {
        if (!function.runtime().servesItself()) {
            return Optional.of(ErrorResponse.of(400, errorCode, "function " + function.name() + " runs on the built-in runtime "
                    + function.runtime().id() + ", which cannot serve " + protocol + ": only custom runtime and custom-container functions can"));
        }
        if (event) {
            return Optional.of(ErrorResponse.of(400, errorCode, "function " + function.name()
                    + " gets HTTP requests as events, which cannot carry " + oneCall));
        }
        return Optional.empty();
    }

    void opened(InstanceCall call, XnioIoThread thread) {
        open.put(call, thread);
    }

    void closed(InstanceCall call) {
        if (open.remove(call) != null) {
            synchronized (changed) {
                changed.notifyAll();
            }
        }
    }

    /** Upgraded connections open now. */
    int open() {
        return open.size();
    }

    /** Waits at most {@code grace} until no upgraded connection is open; whether none is. */
    boolean awaitNone(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        synchronized (changed) {
            for (long left; !open.isEmpty() && (left = deadline - System.nanoTime()) > 0; ) {
                try {
                    changed.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return open.isEmpty();
                }
            }
            return open.isEmpty();
        }
    }

    /** Cuts every upgraded connection still open, each on its own I/O thread. */
    void cutAll() {
        open.forEach((call, thread) -> {
            try {
                thread.execute(call::cut);
            } catch (RejectedExecutionException e) {
                open.remove(call); // the threads are stopping: their connections close with them
            }
        });
    }
}
