package conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.aliyun.fc.runtime.Context;

/**
 * The conformance suite's java17 fixture, written as for FC: handler strings are {@code conformance.Fixture::<role>}
 * ({@code fail} for the role "throws", a Java keyword). Methods with an event and an HTTP shape serve both kinds of
 * call, as FC's Java runtime allows. One instance serves the initializer, handlers and hooks of an instance.
 */
public class Fixture {
    private volatile boolean initialized;
    private final AtomicInteger inflight = new AtomicInteger();
    private final AtomicInteger maxInflight = new AtomicInteger();

    // Event invocation: echoes the event (as base64) and whether the initializer ran.
    public void event(InputStream in, OutputStream out, Context context) throws IOException {
        byte[] event = in.readAllBytes();
        write(out, "{\"event\":" + quote(Base64.getEncoder().encodeToString(event)) + ",\"requestId\":" + quote(context.getRequestId())
                + ",\"initialized\":" + initialized + ",\"functionName\":" + quote(context.getFunctionParam().getFunctionName()) + "}");
    }

    // HTTP trigger: echoes method, path, query, one header and the body (base64), sets a header and a status.
    public void http(HttpServletRequest req, HttpServletResponse resp, Context context) throws IOException {
        byte[] body = req.getInputStream().readAllBytes();
        StringBuilder queries = new StringBuilder("{");
        for (Map.Entry<String, String[]> e : req.getParameterMap().entrySet()) {
            if (queries.length() > 1) {
                queries.append(',');
            }
            queries.append(quote(e.getKey())).append(':');
            if (e.getValue().length == 1) {
                queries.append(quote(e.getValue()[0]));
            } else {
                queries.append('[');
                for (int i = 0; i < e.getValue().length; i++) {
                    queries.append(i > 0 ? "," : "").append(quote(e.getValue()[i]));
                }
                queries.append(']');
            }
        }
        queries.append('}');
        resp.setStatus("POST".equals(req.getMethod()) ? 201 : 200);
        resp.setContentType("application/json");
        resp.setHeader("x-conformance", "yes");
        write(resp.getOutputStream(), "{\"method\":" + quote(req.getMethod()) + ",\"path\":" + quote((String) req.getAttribute("FC_REQUEST_PATH"))
                + ",\"queries\":" + queries + ",\"header\":" + quote(req.getHeader("x-conformance-in"))
                + ",\"body\":" + quote(Base64.getEncoder().encodeToString(body)) + ",\"requestId\":" + quote(context.getRequestId()) + "}");
    }

    public void initOk(Context context) {
        initialized = true;
    }

    public void initFails(Context context) throws IOException {
        throw new IOException("initializer failed on purpose");
    }

    // Never returns in time: the platform's initializationTimeout must end it.
    public void initHangs(Context context) throws InterruptedException {
        Thread.sleep(120_000);
    }

    public void fail(InputStream in, OutputStream out, Context context) {
        throw new IllegalStateException("thrown on purpose");
    }

    public void fail(HttpServletRequest req, HttpServletResponse resp, Context context) {
        throw new IllegalStateException("thrown on purpose");
    }

    public void exits(InputStream in, OutputStream out, Context context) {
        Runtime.getRuntime().halt(3);
    }

    public void exits(HttpServletRequest req, HttpServletResponse resp, Context context) {
        Runtime.getRuntime().halt(3);
    }

    // Waits until FC_INSTANCE_CONCURRENCY calls are in flight in this instance (at most 20 s), then reports the most seen.
    public void concurrent(InputStream in, OutputStream out, Context context) throws IOException, InterruptedException {
        int want = Integer.parseInt(System.getenv().getOrDefault("FC_INSTANCE_CONCURRENCY", "1"));
        maxInflight.accumulateAndGet(inflight.incrementAndGet(), Math::max);
        long deadline = System.nanoTime() + 20_000_000_000L;
        try {
            while (maxInflight.get() < want && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            write(out, "{\"maxInflight\":" + maxInflight.get() + ",\"instance\":" + quote(System.getenv("FC_INSTANCE_ID")) + "}");
        } finally {
            inflight.decrementAndGet();
        }
    }

    public void logs(InputStream in, OutputStream out, Context context) throws IOException {
        String token = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        context.getLogger().info("conformance console line " + token);
        System.out.println("conformance second line " + token);
        write(out, "logged");
    }

    public void preStop(Context context) {
        context.getLogger().info("conformance pre-stop ran");
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
