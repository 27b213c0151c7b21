package io.localfaas.runtime.java17;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A runtime started in this JVM on a free loopback port, and an HTTP client speaking the protocol to it. */
final class RuntimeHarness implements AutoCloseable {
    final RuntimeServer server;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    RuntimeHarness(Path code, String handler, Map<String, String> extraEnv) throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("FC_SERVER_PORT", "0");
        env.put("FC_FUNC_CODE_PATH", code.toString());
        env.put("FC_HANDLER", handler);
        env.put("FC_FUNCTION_NAME", "fn");
        env.put("FC_SERVICE_NAME", "svc");
        env.putAll(extraEnv);
        server = RuntimeServer.start(RuntimeConfig.fromEnv(env));
    }

    URI uri(String target) {
        return URI.create("http://127.0.0.1:" + server.port() + target);
    }

    HttpResponse<byte[]> call(String controlPath, String method, String target, Map<String, String> headers, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(target)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        Optional.ofNullable(controlPath).ifPresent(c -> b.header("x-fc-control-path", c));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<byte[]> invoke(String requestId, byte[] event) throws IOException, InterruptedException {
        return call("/invoke", "POST", "/invoke", Map.of("x-fc-request-id", requestId), event);
    }

    HttpResponse<byte[]> control(String path) throws IOException, InterruptedException {
        return call(path, "POST", path, Map.of("x-fc-request-id", "ctl" + path.replace('/', '-')), new byte[0]);
    }

    @Override
    public void close() {
        server.close();
    }
}
