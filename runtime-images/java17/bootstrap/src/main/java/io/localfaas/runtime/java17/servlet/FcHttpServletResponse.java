package io.localfaas.runtime.java17.servlet;

import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;

import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletResponse;

/**
 * The {@link HttpServletResponse} an FC {@code HttpRequestHandler} writes to. Status (default 200), headers and body
 * are collected in memory; the runtime sends them, with an exact {@code content-length}, when the handler returns.
 * Reserved headers ({@code x-fc-*}, {@code connection}, {@code content-length}, {@code date}, {@code keep-alive},
 * {@code server}, {@code upgrade}, {@code transfer-encoding}) are dropped, as FC does. The writer's default charset is
 * UTF-8 (not the servlet default ISO-8859-1) unless the content type or {@link #setCharacterEncoding} says otherwise.
 */
public final class FcHttpServletResponse implements HttpServletResponse {
    private static final Set<String> RESERVED = Set.of("connection", "content-length", "date", "keep-alive", "server", "upgrade",
            "transfer-encoding");

    private int status = SC_OK;
    /** lower-case name -> (name as first set, values) */
    private final Map<String, Header> headers = new LinkedHashMap<>();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final ServletOutputStream output = new BodyOutputStream();
    private PrintWriter writer;
    private boolean streamTaken;
    private String characterEncoding;
    private Locale locale = Locale.getDefault();
    private boolean committed;

    private record Header(String name, List<String> values) {
    }

    /** True for the headers a function may not set (fc-compat §4). */
    public static boolean isReserved(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.startsWith("x-fc-") || RESERVED.contains(lower);
    }

    // --- what the runtime sends

    /** Flushes the writer and returns the body written so far. */
    public byte[] body() {
        if (writer != null) {
            writer.flush();
        }
        return body.toByteArray();
    }

    /** Headers to send: name as the function spelled it, each value once per line. */
    public List<Map.Entry<String, String>> headerLines() {
        List<Map.Entry<String, String>> lines = new ArrayList<>();
        headers.values().forEach(h -> h.values().forEach(v -> lines.add(Map.entry(h.name(), v))));
        return lines;
    }

    // --- status

    @Override
    public void setStatus(int sc) {
        if (!committed) {
            status = sc;
        }
    }

    @Override
    @Deprecated
    public void setStatus(int sc, String sm) {
        setStatus(sc);
    }

    @Override
    public int getStatus() {
        return status;
    }

    @Override
    public void sendError(int sc, String msg) {
        resetBuffer();
        setStatus(sc);
        if (msg != null) {
            setContentType("text/plain; charset=UTF-8");
            body.writeBytes(msg.getBytes(StandardCharsets.UTF_8));
        }
        committed = true;
    }

    @Override
    public void sendError(int sc) {
        sendError(sc, null);
    }

    @Override
    public void sendRedirect(String location) {
        resetBuffer();
        setStatus(SC_FOUND);
        setHeader("Location", location);
        committed = true;
    }

    // --- headers

    @Override
    public void setHeader(String name, String value) {
        if (name == null || isReserved(name) || committed) {
            return;
        }
        if (value == null) {
            headers.remove(name.toLowerCase(Locale.ROOT));
            return;
        }
        List<String> values = new ArrayList<>();
        values.add(value);
        headers.put(name.toLowerCase(Locale.ROOT), new Header(name, values));
    }

    @Override
    public void addHeader(String name, String value) {
        if (name == null || value == null || isReserved(name) || committed) {
            return;
        }
        headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new Header(name, new ArrayList<>())).values().add(value);
    }

    @Override
    public boolean containsHeader(String name) {
        return headers.containsKey(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public String getHeader(String name) {
        Header h = headers.get(name.toLowerCase(Locale.ROOT));
        return h == null ? null : h.values().get(0);
    }

    @Override
    public Collection<String> getHeaders(String name) {
        Header h = headers.get(name.toLowerCase(Locale.ROOT));
        return h == null ? List.of() : List.copyOf(h.values());
    }

    @Override
    public Collection<String> getHeaderNames() {
        return headers.values().stream().map(Header::name).toList();
    }

    private static String httpDate(long date) {
        SimpleDateFormat format = new SimpleDateFormat("EEE, dd MMM yyyy HH:mm:ss zzz", Locale.US);
        format.setTimeZone(TimeZone.getTimeZone("GMT"));
        return format.format(new Date(date));
    }

    @Override
    public void setDateHeader(String name, long date) {
        setHeader(name, httpDate(date));
    }

    @Override
    public void addDateHeader(String name, long date) {
        addHeader(name, httpDate(date));
    }

    @Override
    public void setIntHeader(String name, int value) {
        setHeader(name, Integer.toString(value));
    }

    @Override
    public void addIntHeader(String name, int value) {
        addHeader(name, Integer.toString(value));
    }

    @Override
    public void addCookie(Cookie cookie) {
        StringBuilder c = new StringBuilder(cookie.getName()).append('=').append(cookie.getValue() == null ? "" : cookie.getValue());
        if (cookie.getMaxAge() >= 0) {
            c.append("; Max-Age=").append(cookie.getMaxAge());
        }
        if (cookie.getPath() != null) {
            c.append("; Path=").append(cookie.getPath());
        }
        if (cookie.getDomain() != null) {
            c.append("; Domain=").append(cookie.getDomain());
        }
        if (cookie.getSecure()) {
            c.append("; Secure");
        }
        if (cookie.isHttpOnly()) {
            c.append("; HttpOnly");
        }
        addHeader("Set-Cookie", c.toString());
    }

    // --- content type and encoding

    @Override
    public void setContentType(String type) {
        if (type == null) {
            headers.remove("content-type");
            return;
        }
        String charset = FcHttpServletRequest.charsetParameter(type);
        if (charset != null && writer == null) {
            characterEncoding = charset;
        }
        setHeader("Content-Type", type);
    }

    @Override
    public String getContentType() {
        return getHeader("content-type");
    }

    @Override
    public void setCharacterEncoding(String charset) {
        if (writer == null) {
            characterEncoding = charset;
        }
    }

    @Override
    public String getCharacterEncoding() {
        return characterEncoding == null ? "UTF-8" : characterEncoding;
    }

    private Charset charset() {
        return FcHttpServletRequest.charsetOrUtf8(getCharacterEncoding());
    }

    /** Ignored: the runtime always sends the exact length of what was written. */
    @Override
    public void setContentLength(int len) {
        // the runtime computes content-length
    }

    @Override
    public void setContentLengthLong(long len) {
        // the runtime computes content-length
    }

    @Override
    public void setLocale(Locale loc) {
        if (loc != null) {
            locale = loc;
            setHeader("Content-Language", loc.toLanguageTag());
        }
    }

    @Override
    public Locale getLocale() {
        return locale;
    }

    // --- body

    @Override
    public ServletOutputStream getOutputStream() {
        if (writer != null) {
            throw new IllegalStateException("getWriter() has already been called for this response");
        }
        streamTaken = true;
        return output;
    }

    @Override
    public PrintWriter getWriter() {
        if (streamTaken) {
            throw new IllegalStateException("getOutputStream() has already been called for this response");
        }
        if (writer == null) {
            writer = new PrintWriter(new OutputStreamWriter(body, charset()), false);
        }
        return writer;
    }

    @Override
    public void setBufferSize(int size) {
        // the whole body is buffered
    }

    @Override
    public int getBufferSize() {
        return Integer.MAX_VALUE;
    }

    /** Nothing is sent before the handler returns; flushing only marks the response committed. */
    @Override
    public void flushBuffer() {
        if (writer != null) {
            writer.flush();
        }
        committed = true;
    }

    @Override
    public void resetBuffer() {
        if (committed) {
            throw new IllegalStateException("the response is committed");
        }
        if (writer != null) {
            writer.flush();
        }
        body.reset();
    }

    @Override
    public boolean isCommitted() {
        return committed;
    }

    @Override
    public void reset() {
        resetBuffer();
        headers.clear();
        status = SC_OK;
    }

    @Override
    public String encodeURL(String url) {
        return url;
    }

    @Override
    public String encodeRedirectURL(String url) {
        return url;
    }

    @Override
    @Deprecated
    public String encodeUrl(String url) {
        return url;
    }

    @Override
    @Deprecated
    public String encodeRedirectUrl(String url) {
        return url;
    }

    private final class BodyOutputStream extends ServletOutputStream {
        @Override
        public void write(int b) {
            body.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            body.write(b, off, len);
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setWriteListener(WriteListener writeListener) {
            try {
                writeListener.onWritePossible();
            } catch (java.io.IOException e) {
                writeListener.onError(e);
            }
        }
    }
}
