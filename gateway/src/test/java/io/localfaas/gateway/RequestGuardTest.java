package io.localfaas.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import io.localfaas.gateway.metrics.GatewayMetrics;
import io.undertow.Undertow;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(30)
class RequestGuardTest {
    @ParameterizedTest(name = "Transfer-Encoding: {0} -> understood: {1}")
    @CsvSource(delimiter = '|', value = {
            "chunked       | true",
            "Chunked       | true",
            "' chunked '   | true",
            "xchunked      | false",
            "chunked, gzip | false",
            "gzip, chunked | false",
            "identity      | false",
    })
    void onlyChunkedAloneIsUnderstood(String coding, boolean understood) {
        HeaderMap headers = new HeaderMap();
        headers.put(Headers.TRANSFER_ENCODING, coding);
        String problem = RequestGuard.transferCodingProblem(headers.get(Headers.TRANSFER_ENCODING));
        assertEquals(understood, problem == null, String.valueOf(problem));
    }

    @Test
    void noTransferEncodingIsNoProblem() {
        assertNull(RequestGuard.transferCodingProblem(null));
    }

    @Test
    void aRequestWithAnUnknownFinalCodingIsRefused400AndItsConnectionClosed() throws Exception {
        RequestGuard guard = new RequestGuard(exchange -> exchange.getResponseSender().send("reached the function"),
                new GatewayMetrics(), 16 * 1024, 8 * 1024);
        Undertow server = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(guard).build();
        server.start();
        try (Socket s = new Socket()) {
            int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /f HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: xchunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8); // ends only when the gateway closes
            assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
            assertTrue(answer.toLowerCase().contains("connection: close"), answer);
            assertTrue(answer.contains("\"errorCode\":\"InvalidArgument\"") && answer.contains("xchunked"), answer);
        } finally {
            server.stop();
        }
    }
}
