package io.localfaas.runtime.java17;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The class-data-sharing training run made at image build time ({@code java -XX:ArchiveClassesAtExit=… -cp bootstrap.jar
 * io.localfaas.runtime.java17.Training}): starts the runtime on a free loopback port with the bootstrap jar itself as the
 * "function code" and {@link TrainingFunction} as handler, sends it one call of each kind (initialize, event, POJO event,
 * HTTP, a failing call, pre-stop), then exits, so the archive holds the classes a real first call loads.
 */
public final class Training {
    private Training() {
    }

    public static void main(String[] args) throws Exception {
        Path self = Path.of(Training.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("FC_SERVER_PORT", "0");
        env.put("FC_SERVER_HOST", "127.0.0.1");
        env.put("FC_FUNC_CODE_PATH", self.toString());
        env.put("FC_HANDLER", TrainingFunction.class.getName() + "::handleRequest");
        env.put("FC_INITIALIZER", TrainingFunction.class.getName() + "::initialize");
        env.put("FC_PRE_STOP_HANDLER", TrainingFunction.class.getName() + "::preStop");
        RuntimeServer server = RuntimeServer.start(RuntimeConfig.fromEnv(env));
        try {
            String base = "http://127.0.0.1:" + server.port();
            expect(200, call(base, "/initialize", "POST", "/initialize", ""));
            expect(200, call(base, "/invoke", "POST", "/invoke", "event"));
            expect(200, call(base, "/http-invoke", "POST", "/2016-08-15/proxy/s/f/path?a=1&b=2", "body"));
            expect(200, call(base, "/http-invoke", "GET", "/path?a=1", null));
            expect(500, call(base, "/invoke", "POST", "/invoke", "fail"));
            expect(200, call(base, "/pre-stop", "POST", "/pre-stop", ""));
        } finally {
            server.close();
        }
        FcLogger.runtimeInfo(null, "training run done");
    }

    private static void expect(int status, int actual) {
        if (status != actual) {
            throw new IllegalStateException("training call answered " + actual + ", expected " + status);
        }
    }

    private static int call(String base, String control, String method, String target, String body) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(base + target).openConnection();
        c.setRequestMethod(method);
        c.setConnectTimeout(5000);
        c.setReadTimeout(30000);
        c.setRequestProperty("x-fc-control-path", control);
        c.setRequestProperty("x-fc-request-id", "training" + control);
        c.setRequestProperty("x-fc-base-path", "/2016-08-15/proxy/s/f/");
        if (body != null) {
            c.setDoOutput(true);
            try (OutputStream out = c.getOutputStream()) {
                out.write(body.getBytes(StandardCharsets.UTF_8));
            }
        }
        int status = c.getResponseCode();
        try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
            if (in != null) {
                in.readAllBytes();
            }
        }
        return status;
    }
}
