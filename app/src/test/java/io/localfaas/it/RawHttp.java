package io.localfaas.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A raw-socket HTTP/1.1 client for what {@link java.net.http.HttpClient} will not send: NUL and CR in headers, dot
 * segments, chunked bodies of a chosen size, half-sent requests. Loopback only; every read bounded by a timeout.
 */
final class RawHttp {
    /** A parsed answer: status, the head as text (lower-cased names kept as sent) and the body. */
    record Answer(int status, String head, String body) {
        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    private RawHttp() {
    }

    /** Sends {@code head} (request line and headers, CRLF-terminated, without the blank line) and {@code body}. */
    static Answer send(int port, String head, byte[] body) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write((head + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return read(s.getInputStream());
        }
    }

    /**
     * Sends a chunked body of {@code total} bytes in 16 KB chunks while another thread reads, so that an answer the
     * server gives mid-body (and the close after it) is seen; returns that answer.
     */
    static Answer chunked(int port, String head, long total) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            java.util.concurrent.CompletableFuture<Answer> answer = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return read(s.getInputStream());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            OutputStream out = s.getOutputStream();
            byte[] chunk = new byte[16 * 1024];
            byte[] size = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            try {
                out.write((head + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                for (long sent = 0; sent < total && !answer.isDone(); sent += chunk.length) {
                    out.write(size);
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (IOException e) {
                // the server answered and closed while we were still sending: its answer is being read
            }
            return answer.get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] b = new byte[8192];
        int headEnd = -1;
        long contentLength = -1;
        while (true) {
            int n;
            try {
                n = in.read(b);
            } catch (SocketTimeoutException e) {
                break;
            } catch (IOException e) {
                break;
            }
            if (n < 0) {
                break;
            }
            buf.write(b, 0, n);
            String text = buf.toString(StandardCharsets.ISO_8859_1);
            if (headEnd < 0) {
                headEnd = text.indexOf("\r\n\r\n");
                if (headEnd >= 0) {
                    for (String line : text.substring(0, headEnd).split("\r\n")) {
                        if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                            contentLength = Long.parseLong(line.substring(15).trim());
                        }
                    }
                }
            }
            if (headEnd >= 0 && contentLength >= 0 && buf.size() >= headEnd + 4 + contentLength) {
                break;
            }
        }
        String text = buf.toString(StandardCharsets.UTF_8);
        if (text.isEmpty()) {
            return new Answer(-1, "", "");
        }
        int end = text.indexOf("\r\n\r\n");
        String head = end < 0 ? text : text.substring(0, end);
        String body = end < 0 ? "" : text.substring(end + 4);
        return new Answer(Integer.parseInt(head.split(" ", 3)[1]), head, body);
    }
}
