package io.localfaas.runtime.java17;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A stem cell (PROTOCOL.md §10), right after its port opened, on a daemon thread: its server answers itself once (a call
 * without the key: 403, so no code runs and nothing is logged), and the specialising path is walked without changing
 * anything — a body read as {@code /specialise} reads it (Jackson), the JVM's environment map found (reflection), a
 * class loader made, an error body written — so that a cold start's {@code /specialise} and first call find those
 * classes loaded and initialised (bench/RESULTS.md). No user code exists yet; nothing here throws.
 */
final class StemWarmUp {
    private StemWarmUp() {
    }

    static void start(int port) {
        Thread t = new Thread(() -> run(port), "fc-stem-warm-up");
        t.setDaemon(true);
        t.start();
    }

    private static void run(int port) {
        try {
            URL self = URI.create("http://127.0.0.1:" + port + "/").toURL();
            HttpURLConnection c = (HttpURLConnection) self.openConnection();
            c.setConnectTimeout(2000);
            c.setReadTimeout(2000);
            c.setRequestProperty("x-fc-control-path", "/specialise");
            c.getResponseCode();
            c.disconnect();
        } catch (IOException | RuntimeException e) {
            // the cold start pays for it
        }
        try {
            Specialisation.parse(("{\"environment\": {\"FC_HANDLER\": \"warm.Up::handleRequest\", \"LOCALFAAS_INSTANCE_KEY\": "
                    + "\"warm-up-warm-up-warm-up\"}}").getBytes(StandardCharsets.UTF_8));
            ProcessEnv.writableForWarmUp();
            RuntimeConfig.fromEnv(Map.of("FC_SERVER_PORT", "9000"));
            HandlerName.parse("warm.Up::handleRequest");
            new URLClassLoader("warm-up", new URL[0], StemWarmUp.class.getClassLoader()).close();
            FunctionError.json(new IllegalStateException("warm-up"));
        } catch (Exception e) { // a handler name's LoadException included
            // the cold start pays for it
        }
    }
}
