package example;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import com.aliyun.fc.runtime.Context;
import com.aliyun.fc.runtime.StreamRequestHandler;

/** An event function (handler example.EchoStream::handleRequest): answers "echo: " + the event bytes. */
public class EchoStream implements StreamRequestHandler {
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        context.getLogger().info("event of " + input.available() + " byte(s)");
        output.write("echo: ".getBytes(StandardCharsets.UTF_8));
        input.transferTo(output);
    }
}
