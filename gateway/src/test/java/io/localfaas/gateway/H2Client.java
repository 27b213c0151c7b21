package io.localfaas.gateway;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.undertow.client.ClientCallback;
import io.undertow.client.ClientConnection;
import io.undertow.client.ClientExchange;
import io.undertow.client.ClientRequest;
import io.undertow.client.UndertowClient;
import io.undertow.connector.ByteBufferPool;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.StringReadChannelListener;
import io.undertow.util.StringWriteChannelListener;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

/** A test client for plain (not gRPC) HTTP/2 by prior knowledge: Undertow's own, one request per connection. */
final class H2Client {
    private H2Client() {
    }

    /** POSTs {@code body} without a Content-Length to {@code 127.0.0.1:port}; answers {@code "<status> <body>"}. */
    static String post(int port, String path, String body) throws Exception {
        XnioWorker worker = Xnio.getInstance().createWorker(OptionMap.EMPTY);
        ByteBufferPool buffers = new DefaultByteBufferPool(false, 8192);
        ClientConnection connection = UndertowClient.getInstance()
                .connect(URI.create("h2c-prior://127.0.0.1:" + port), worker, buffers, OptionMap.EMPTY).get();
        try {
            CompletableFuture<String> answer = new CompletableFuture<>();
            ClientRequest request = new ClientRequest().setMethod(Methods.POST).setPath(path);
            request.getRequestHeaders().put(Headers.HOST, "127.0.0.1:" + port);
            request.getRequestHeaders().put(Headers.TRANSFER_ENCODING, "chunked"); // dropped on HTTP/2: a body of unknown length
            connection.getIoThread().execute(() -> connection.sendRequest(request, new ClientCallback<>() {
                @Override
                public void completed(ClientExchange exchange) {
                    exchange.setResponseListener(new ClientCallback<>() {
                        @Override
                        public void completed(ClientExchange done) {
                            new StringReadChannelListener(buffers) {
                                @Override
                                protected void stringDone(String string) {
                                    answer.complete(done.getResponse().getResponseCode() + " " + string);
                                }

                                @Override
                                protected void error(IOException e) {
                                    answer.completeExceptionally(e);
                                }
                            }.setup(done.getResponseChannel());
                        }

                        @Override
                        public void failed(IOException e) {
                            answer.completeExceptionally(e);
                        }
                    });
                    new StringWriteChannelListener(body).setup(exchange.getRequestChannel());
                }

                @Override
                public void failed(IOException e) {
                    answer.completeExceptionally(e);
                }
            }));
            return answer.get(20, TimeUnit.SECONDS);
        } finally {
            IoUtils.safeClose(connection);
            worker.shutdownNow();
        }
    }
}
