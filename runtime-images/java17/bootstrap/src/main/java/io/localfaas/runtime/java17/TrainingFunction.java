package io.localfaas.runtime.java17;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.aliyun.fc.runtime.Context;
import com.aliyun.fc.runtime.FunctionInitializer;
import com.aliyun.fc.runtime.HttpRequestHandler;
import com.aliyun.fc.runtime.PreStopHandler;
import com.aliyun.fc.runtime.StreamRequestHandler;

/** The function of the {@link Training} run: touches what user functions typically touch. Not used otherwise. */
public final class TrainingFunction implements StreamRequestHandler, HttpRequestHandler, FunctionInitializer, PreStopHandler {
    @Override
    public void initialize(Context context) {
        context.getLogger().info("training initializer");
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String event = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        if (event.equals("fail")) {
            throw new IOException("training failure");
        }
        context.getLogger().info("training event " + event);
        output.write(event.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void handleRequest(HttpServletRequest request, HttpServletResponse response, Context context) throws IOException {
        String a = request.getParameter("a");
        request.getHeader("content-type");
        request.getAttribute("FC_REQUEST_PATH");
        byte[] body = request.getInputStream().readAllBytes();
        response.setStatus(200);
        response.setContentType("text/plain; charset=utf-8");
        response.setHeader("x-a", a);
        response.getWriter().print("training " + body.length);
    }

    @Override
    public void preStop(Context context) {
        context.getLogger().info("training pre-stop");
    }
}
