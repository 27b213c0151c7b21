package example;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.aliyun.fc.runtime.Context;
import com.aliyun.fc.runtime.FunctionInitializer;
import com.aliyun.fc.runtime.HttpRequestHandler;
import com.aliyun.fc.runtime.PreStopHandler;

/**
 * An HTTP function as written for FC: handler example.HelloFC::handleRequest, initializer
 * example.HelloFC::initialize, pre-stop example.HelloFC::preStop. It answers with what it saw, as JSON.
 */
public class HelloFC implements HttpRequestHandler, FunctionInitializer, PreStopHandler {
    private final AtomicInteger initCount = new AtomicInteger();
    private final AtomicInteger invokeCount = new AtomicInteger();
    private volatile boolean initializedBeforeFirstInvoke;

    @Override
    public void initialize(Context context) throws IOException {
        context.getLogger().info("initializing " + context.getFunctionParam().getFunctionName());
        initCount.incrementAndGet();
    }

    @Override
    public void handleRequest(HttpServletRequest request, HttpServletResponse response, Context context)
            throws IOException, ServletException {
        if (invokeCount.incrementAndGet() == 1) {
            initializedBeforeFirstInvoke = initCount.get() > 0;
        }
        String name = request.getParameter("name");
        byte[] body = request.getInputStream().readAllBytes();
        context.getLogger().info("hello " + (name == null ? "world" : name));
        response.setStatus(200);
        response.setContentType("application/json; charset=utf-8");
        response.setHeader("x-hello", "java");
        PrintWriter out = response.getWriter();
        out.print("{\"message\":" + quote("hello " + (name == null ? "world" : name))
                + ",\"runtime\":\"java17\""
                + ",\"requestId\":" + quote(context.getRequestId())
                + ",\"instanceId\":" + quote(System.getenv("FC_INSTANCE_ID"))
                + ",\"function\":" + quote(context.getFunctionParam().getFunctionName())
                + ",\"method\":" + quote(request.getMethod())
                + ",\"path\":" + quote((String) request.getAttribute("FC_REQUEST_PATH"))
                + ",\"name\":" + quote(name)
                + ",\"bodyLength\":" + body.length
                + ",\"body\":" + quote(new String(body, StandardCharsets.UTF_8))
                + ",\"initCount\":" + initCount.get()
                + ",\"invokeCount\":" + invokeCount.get()
                + ",\"initializedBeforeFirstInvoke\":" + initializedBeforeFirstInvoke
                + "}");
    }

    @Override
    public void preStop(Context context) throws IOException {
        context.getLogger().info("pre-stop after " + invokeCount.get() + " invocation(s)");
    }

    static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
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
