package io.localfaas.runtime.java17.servlet;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.UnsupportedEncodingException;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.security.Principal;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.ConcurrentHashMap;

import javax.servlet.AsyncContext;
import javax.servlet.DispatcherType;
import javax.servlet.ReadListener;
import javax.servlet.RequestDispatcher;
import javax.servlet.ServletContext;
import javax.servlet.ServletInputStream;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpSession;
import javax.servlet.http.HttpUpgradeHandler;
import javax.servlet.http.Part;

/**
 * The {@link HttpServletRequest} an FC {@code HttpRequestHandler} receives. Holds FC's attributes
 * {@code FC_REQUEST_PATH} (the path below the FC proxy prefix), {@code FC_REQUEST_URI} (the request target as
 * received) and {@code FC_REQUEST_CLIENT_IP}. Parameters are the query's, plus a
 * {@code application/x-www-form-urlencoded} body's. There is no servlet container: sessions, authentication,
 * dispatching, async and multipart parts are not supported (they throw {@link UnsupportedOperationException} or
 * return nothing, as noted per method).
 */
public final class FcHttpServletRequest implements HttpServletRequest {
    public static final String FC_REQUEST_PATH = "FC_REQUEST_PATH";
    public static final String FC_REQUEST_URI = "FC_REQUEST_URI";
    public static final String FC_REQUEST_CLIENT_IP = "FC_REQUEST_CLIENT_IP";

    private final HttpCall call;
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();
    private String characterEncoding;
    private Map<String, String[]> parameters;
    private boolean streamTaken;
    private boolean readerTaken;
    private final ServletInputStream input;

    public FcHttpServletRequest(HttpCall call) {
        this.call = call;
        this.characterEncoding = charsetParameter(header("content-type"));
        attributes.put(FC_REQUEST_PATH, call.functionPath());
        attributes.put(FC_REQUEST_URI, call.target());
        attributes.put(FC_REQUEST_CLIENT_IP, call.clientIp());
        this.input = new BodyInputStream(call.body());
    }

    private String header(String lowerName) {
        List<String> values = call.headers().get(lowerName);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    static String charsetParameter(String contentType) {
        if (contentType == null) {
            return null;
        }
        for (String part : contentType.split(";")) {
            String p = part.trim();
            if (p.regionMatches(true, 0, "charset=", 0, 8)) {
                return p.substring(8).replace("\"", "").trim();
            }
        }
        return null;
    }

    private Charset charset() {
        return charsetOrUtf8(characterEncoding);
    }

    /** The named charset; UTF-8 when none is named or the name is unknown. */
    static Charset charsetOrUtf8(String name) {
        try {
            return name == null ? StandardCharsets.UTF_8 : Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return StandardCharsets.UTF_8;
        }
    }

    // --- body

    @Override
    public ServletInputStream getInputStream() {
        if (readerTaken) {
            throw new IllegalStateException("getReader() has already been called for this request");
        }
        streamTaken = true;
        return input;
    }

    @Override
    public BufferedReader getReader() {
        if (streamTaken) {
            throw new IllegalStateException("getInputStream() has already been called for this request");
        }
        readerTaken = true;
        return new BufferedReader(new InputStreamReader(input, charset()));
    }

    @Override
    public int getContentLength() {
        return call.body().length;
    }

    @Override
    public long getContentLengthLong() {
        return call.body().length;
    }

    @Override
    public String getContentType() {
        return header("content-type");
    }

    @Override
    public String getCharacterEncoding() {
        return characterEncoding;
    }

    @Override
    public void setCharacterEncoding(String env) throws UnsupportedEncodingException {
        if (!Charset.isSupported(env)) {
            throw new UnsupportedEncodingException(env);
        }
        characterEncoding = env;
    }

    // --- parameters

    private Map<String, String[]> parameters() {
        if (parameters == null) {
            Map<String, List<String>> collected = new LinkedHashMap<>();
            addQuery(collected, call.query(), StandardCharsets.UTF_8);
            String type = getContentType();
            if (type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded") && !streamTaken
                    && !readerTaken) {
                addQuery(collected, new String(call.body(), charset()), charset());
            }
            Map<String, String[]> out = new LinkedHashMap<>();
            collected.forEach((k, v) -> out.put(k, v.toArray(String[]::new)));
            parameters = Collections.unmodifiableMap(out);
        }
        return parameters;
    }

    /** Parses {@code a=1&a=2&b=}; a key without {@code =} has the value "". */
    static void addQuery(Map<String, List<String>> into, String query, Charset charset) {
        if (query == null || query.isEmpty()) {
            return;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq >= 0 ? pair.substring(0, eq) : pair, charset);
            String value = eq >= 0 ? decode(pair.substring(eq + 1), charset) : "";
            into.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
    }

    private static String decode(String s, Charset charset) {
        try {
            return URLDecoder.decode(s, charset);
        } catch (IllegalArgumentException e) {
            return s; // a malformed escape is passed on as written
        }
    }

    @Override
    public String getParameter(String name) {
        String[] values = parameters().get(name);
        return values == null ? null : values[0];
    }

    @Override
    public Enumeration<String> getParameterNames() {
        return Collections.enumeration(parameters().keySet());
    }

    @Override
    public String[] getParameterValues(String name) {
        String[] values = parameters().get(name);
        return values == null ? null : values.clone();
    }

    @Override
    public Map<String, String[]> getParameterMap() {
        return parameters();
    }

    // --- headers

    @Override
    public String getHeader(String name) {
        return name == null ? null : header(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        List<String> values = name == null ? null : call.headers().get(name.toLowerCase(Locale.ROOT));
        return Collections.enumeration(values == null ? List.of() : values);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        return Collections.enumeration(call.headers().keySet());
    }

    @Override
    public int getIntHeader(String name) {
        String value = getHeader(name);
        return value == null ? -1 : Integer.parseInt(value.trim());
    }

    @Override
    public long getDateHeader(String name) {
        String value = getHeader(name);
        if (value == null) {
            return -1;
        }
        for (String pattern : new String[] {"EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"}) {
            SimpleDateFormat format = new SimpleDateFormat(pattern, Locale.US);
            format.setTimeZone(TimeZone.getTimeZone("GMT"));
            try {
                return format.parse(value.trim()).getTime();
            } catch (java.text.ParseException e) {
                // next pattern
            }
        }
        throw new IllegalArgumentException("header " + name + " is not a date: " + value);
    }

    @Override
    public Cookie[] getCookies() {
        List<Cookie> cookies = new ArrayList<>();
        for (String header : call.headers().getOrDefault("cookie", List.of())) {
            for (String part : header.split(";")) {
                int eq = part.indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                try {
                    cookies.add(new Cookie(part.substring(0, eq).trim(), part.substring(eq + 1).trim().replace("\"", "")));
                } catch (IllegalArgumentException e) {
                    // a name the servlet API rejects is skipped
                }
            }
        }
        return cookies.isEmpty() ? null : cookies.toArray(Cookie[]::new);
    }

    // --- request line and addresses

    @Override
    public String getMethod() {
        return call.method();
    }

    @Override
    public String getRequestURI() {
        return call.path();
    }

    @Override
    public StringBuffer getRequestURL() {
        String host = getHeader("host");
        return new StringBuffer(getScheme() + "://" + (host == null ? call.serverHost() + ":" + call.serverPort() : host) + call.path());
    }

    @Override
    public String getQueryString() {
        return call.query();
    }

    /** The FC proxy prefix (without its trailing slash) when the client used it, else "". */
    @Override
    public String getContextPath() {
        return call.contextPath();
    }

    @Override
    public String getServletPath() {
        return "";
    }

    /** The path below the FC proxy prefix, as {@code FC_REQUEST_PATH}. */
    @Override
    public String getPathInfo() {
        return call.functionPath();
    }

    @Override
    public String getPathTranslated() {
        return null;
    }

    @Override
    public String getProtocol() {
        return "HTTP/1.1";
    }

    @Override
    public String getScheme() {
        String forwarded = getHeader("x-forwarded-proto");
        return forwarded == null ? "http" : forwarded;
    }

    @Override
    public String getServerName() {
        String host = getHeader("host");
        if (host == null) {
            return call.serverHost();
        }
        int colon = host.lastIndexOf(':');
        return colon > 0 && !host.endsWith("]") ? host.substring(0, colon) : host;
    }

    @Override
    public int getServerPort() {
        String host = getHeader("host");
        int colon = host == null ? -1 : host.lastIndexOf(':');
        if (colon > 0 && !host.endsWith("]")) {
            try {
                return Integer.parseInt(host.substring(colon + 1));
            } catch (NumberFormatException e) {
                return call.serverPort();
            }
        }
        return host == null ? call.serverPort() : "https".equals(getScheme()) ? 443 : 80;
    }

    @Override
    public boolean isSecure() {
        return "https".equals(getScheme());
    }

    @Override
    public String getRemoteAddr() {
        return call.clientIp();
    }

    @Override
    public String getRemoteHost() {
        return call.clientIp();
    }

    @Override
    public int getRemotePort() {
        return call.clientPort();
    }

    @Override
    public String getLocalName() {
        return call.serverHost();
    }

    @Override
    public String getLocalAddr() {
        return call.serverHost();
    }

    @Override
    public int getLocalPort() {
        return call.serverPort();
    }

    @Override
    public Locale getLocale() {
        String value = getHeader("accept-language");
        if (value == null || value.isBlank()) {
            return Locale.getDefault();
        }
        return Locale.forLanguageTag(value.split(",")[0].split(";")[0].trim());
    }

    @Override
    public Enumeration<Locale> getLocales() {
        return Collections.enumeration(List.of(getLocale()));
    }

    // --- attributes

    @Override
    public Object getAttribute(String name) {
        return attributes.get(name);
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        return Collections.enumeration(new ArrayList<>(attributes.keySet()));
    }

    @Override
    public void setAttribute(String name, Object o) {
        if (o == null) {
            attributes.remove(name);
        } else {
            attributes.put(name, o);
        }
    }

    @Override
    public void removeAttribute(String name) {
        attributes.remove(name);
    }

    // --- what a servlet container would offer and FC does not: nothing / unsupported

    @Override
    public String getAuthType() {
        return null;
    }

    @Override
    public String getRemoteUser() {
        return null;
    }

    @Override
    public boolean isUserInRole(String role) {
        return false;
    }

    @Override
    public Principal getUserPrincipal() {
        return null;
    }

    @Override
    public String getRequestedSessionId() {
        return null;
    }

    /** There are no sessions: null when {@code create} is false, unsupported otherwise. */
    @Override
    public HttpSession getSession(boolean create) {
        if (create) {
            throw new UnsupportedOperationException("HTTP sessions are not supported by the FC java runtime");
        }
        return null;
    }

    @Override
    public HttpSession getSession() {
        return getSession(true);
    }

    @Override
    public String changeSessionId() {
        throw new IllegalStateException("no session");
    }

    @Override
    public boolean isRequestedSessionIdValid() {
        return false;
    }

    @Override
    public boolean isRequestedSessionIdFromCookie() {
        return false;
    }

    @Override
    public boolean isRequestedSessionIdFromURL() {
        return false;
    }

    @Override
    @Deprecated
    public boolean isRequestedSessionIdFromUrl() {
        return false;
    }

    @Override
    public boolean authenticate(HttpServletResponse response) {
        throw new UnsupportedOperationException("authentication is not supported by the FC java runtime");
    }

    @Override
    public void login(String username, String password) {
        throw new UnsupportedOperationException("authentication is not supported by the FC java runtime");
    }

    @Override
    public void logout() {
        // nothing to log out of
    }

    @Override
    public Collection<Part> getParts() {
        throw new UnsupportedOperationException("multipart parts are not parsed by the FC java runtime; read getInputStream()");
    }

    @Override
    public Part getPart(String name) {
        throw new UnsupportedOperationException("multipart parts are not parsed by the FC java runtime; read getInputStream()");
    }

    @Override
    public <T extends HttpUpgradeHandler> T upgrade(Class<T> handlerClass) {
        throw new UnsupportedOperationException("protocol upgrades are not supported by the FC java runtime");
    }

    @Override
    public RequestDispatcher getRequestDispatcher(String path) {
        return null;
    }

    @Override
    @Deprecated
    public String getRealPath(String path) {
        return null;
    }

    @Override
    public ServletContext getServletContext() {
        return null;
    }

    @Override
    public AsyncContext startAsync() {
        throw new IllegalStateException("async processing is not supported by the FC java runtime");
    }

    @Override
    public AsyncContext startAsync(ServletRequest servletRequest, ServletResponse servletResponse) {
        throw new IllegalStateException("async processing is not supported by the FC java runtime");
    }

    @Override
    public boolean isAsyncStarted() {
        return false;
    }

    @Override
    public boolean isAsyncSupported() {
        return false;
    }

    @Override
    public AsyncContext getAsyncContext() {
        throw new IllegalStateException("async processing is not supported by the FC java runtime");
    }

    @Override
    public DispatcherType getDispatcherType() {
        return DispatcherType.REQUEST;
    }

    /** The whole body, already read. */
    private static final class BodyInputStream extends ServletInputStream {
        private final ByteArrayInputStream in;

        BodyInputStream(byte[] body) {
            this.in = new ByteArrayInputStream(body);
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return in.read(b, off, len);
        }

        @Override
        public int available() {
            return in.available();
        }

        @Override
        public boolean isFinished() {
            return in.available() == 0;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener readListener) {
            try {
                readListener.onDataAvailable();
                readListener.onAllDataRead();
            } catch (java.io.IOException e) {
                readListener.onError(e);
            }
        }
    }
}
