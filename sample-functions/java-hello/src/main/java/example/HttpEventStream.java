package example;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import com.aliyun.fc.runtime.Context;
import com.aliyun.fc.runtime.StreamRequestHandler;

/**
 * An FC 3.0 HTTP-trigger function as a StreamRequestHandler: reads FC 3.0's HTTP event as JSON bytes and answers
 * FC 3.0's response struct whose body is the event it was given.
 */
public class HttpEventStream implements StreamRequestHandler {
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String event = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        String answer = "{\"statusCode\":200,\"headers\":{\"Content-Type\":\"application/json\",\"X-Handler\":\"stream\"},\"body\":"
                + HttpEventFC.json(event) + "}";
        output.write(answer.getBytes(StandardCharsets.UTF_8));
    }
}
