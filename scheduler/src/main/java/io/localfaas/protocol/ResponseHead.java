package io.localfaas.protocol;

import java.io.IOException;
import java.util.function.BiConsumer;

/**
 * An instance's response head (status line and headers) parsed from the bytes as they arrived, and how its body is
 * framed (RFC 9112 6.3). Pure: the gateway's non-blocking client parses what it read so far with {@link #parse} and
 * reads more while it answers null.
 *
 * @param status     the status code
 * @param size       the head's length in bytes, blank line included (the body starts after it)
 * @param keepAlive  whether the connection may carry another call after this answer's body (by its version and
 *                   {@code Connection} header; the body's framing may still rule it out)
 * @param framing    how the body is delimited when the request and status allow one
 * @param length     the {@code Content-Length} when {@code framing} is {@link Framing#LENGTH}, else -1
 * @param coded      whether a {@code Transfer-Encoding} was given
 */
public record ResponseHead(int status, int size, boolean keepAlive, Framing framing, long length, boolean coded) {
    /** The largest head read from an instance. */
    public static final int MAX_BYTES = 64 * 1024;

    /** How a body is delimited. */
    public enum Framing {
        /** {@code Content-Length} bytes. */
        LENGTH,
        /** {@code Transfer-Encoding} whose last coding is {@code chunked}. */
        CHUNKED,
        /** Until the instance closes the connection (neither header, or a transfer coding other than chunked). */
        UNTIL_CLOSE
    }

    /**
     * Whether a body follows this head: none for a {@code HEAD} request, an interim (1xx), 204 or 304 status (RFC 9112
     * 6.3, rule 1).
     */
    public boolean hasBody(boolean headRequest) {
        return !headRequest && status >= 200 && status != 204 && status != 304;
    }

    /**
     * Whether the connection can carry the next call once this answer's body was read to its end. Not when a body is
     * announced where none may follow (a 204 with a length, or a coding): what the instance sends as that body would be
     * read as the next answer's head.
     */
    public boolean reusable(boolean headRequest) {
        return keepAlive && (hasBody(headRequest) ? framing != Framing.UNTIL_CLOSE : !coded && length <= 0);
    }

    /**
     * Parses the head at {@code bytes[off, off + len)}, handing each header's name and value to {@code headers} in order.
     * Null when the blank line that ends the head has not arrived yet (the caller reads more, up to {@link #MAX_BYTES}).
     * Lines may end in CRLF or a bare LF (RFC 9112 2.2).
     *
     * @throws IOException the bytes are not an HTTP/1.x response head: a bad status line, a header without a name or
     *                     with whitespace before its colon, a folded line, a control character in a value, or
     *                     {@code Content-Length} values that are not one number
     */
    public static ResponseHead parse(byte[] bytes, int off, int len, BiConsumer<String, String> headers) throws IOException {
        int end = headEnd(bytes, off, len);
        if (end < 0) {
            return null;
        }
        int lineEnd = lineEnd(bytes, off, end);
        int status = statusOf(bytes, off, lineEnd);
        boolean http10 = bytes[off + 7] == '0';
        String connection = null;
        String transferEncoding = null;
        String contentLength = null;
        int p = next(bytes, lineEnd);
        while (p < end) {
            int e = lineEnd(bytes, p, end);
            if (e == p) {
                break;
            }
            if (bytes[p] == ' ' || bytes[p] == '\t') {
                throw new IOException("the instance's answer folds a header line (obsolete, refused)");
            }
            int colon = p;
            while (colon < e && bytes[colon] != ':') {
                if (!token(bytes[colon])) {
                    throw new IOException("the instance's answer has a malformed header name");
                }
                colon++;
            }
            if (colon == p || colon == e) {
                throw new IOException("the instance's answer has a header line without a name and a colon");
            }
            String name = latin1(bytes, p, colon);
            String value = value(bytes, colon + 1, e);
            switch (name.length()) {
                case 10 -> connection = name.equalsIgnoreCase("connection") ? join(connection, value) : connection;
                case 14 -> contentLength = name.equalsIgnoreCase("content-length") ? sameLength(contentLength, value) : contentLength;
                case 17 -> transferEncoding = name.equalsIgnoreCase("transfer-encoding") ? join(transferEncoding, value) : transferEncoding;
                default -> {
                }
            }
            headers.accept(name, value);
            p = next(bytes, e);
        }
        boolean keepAlive = http10 ? hasToken(connection, "keep-alive") : !hasToken(connection, "close");
        Framing framing;
        long length = -1;
        if (transferEncoding != null) {
            framing = chunked(transferEncoding) ? Framing.CHUNKED : Framing.UNTIL_CLOSE;
            // Both headers: the coding wins, and the connection is not trusted with another call (RFC 9112 6.3, rule 3).
            keepAlive &= contentLength == null;
        } else if (contentLength != null) {
            framing = Framing.LENGTH;
            length = lengthOf(contentLength);
        } else {
            framing = Framing.UNTIL_CLOSE;
        }
        return new ResponseHead(status, end + 1 - off, keepAlive, framing, length, transferEncoding != null);
    }

    /**
     * Whether a {@code Transfer-Encoding} value makes the body chunked: its last coding is exactly {@code chunked}
     * (RFC 9112 6.1; {@code xchunked} or {@code chunked, gzip} are not).
     */
    public static boolean chunked(String transferEncoding) {
        if (transferEncoding == null) {
            return false;
        }
        String[] codings = transferEncoding.split(",");
        return codings[codings.length - 1].trim().equalsIgnoreCase("chunked");
    }

    /** The index of the LF that ends the head (the blank line's), or -1 when it has not arrived. */
    private static int headEnd(byte[] b, int off, int len) {
        int limit = off + len;
        for (int i = off; i < limit; i++) {
            if (b[i] == '\n') {
                if (i + 1 < limit && b[i + 1] == '\n') {
                    return i + 1;
                }
                if (i + 2 < limit && b[i + 1] == '\r' && b[i + 2] == '\n') {
                    return i + 2;
                }
            }
        }
        return -1;
    }

    /** The end of the line starting at {@code p} (its CR, or its LF when bare); {@code end} is the head's last LF. */
    private static int lineEnd(byte[] b, int p, int end) {
        int i = p;
        while (i < end && b[i] != '\n') {
            i++;
        }
        return i > p && b[i - 1] == '\r' ? i - 1 : i;
    }

    /** The start of the line after the one ending at {@code e} (at its CR or LF). */
    private static int next(byte[] b, int e) {
        return b[e] == '\r' ? e + 2 : e + 1;
    }

    private static int statusOf(byte[] b, int off, int e) throws IOException {
        // HTTP/1.x SP 3DIGIT [SP reason]
        if (e - off < 12 || b[off] != 'H' || b[off + 1] != 'T' || b[off + 2] != 'T' || b[off + 3] != 'P' || b[off + 4] != '/'
                || b[off + 5] != '1' || b[off + 6] != '.' || (b[off + 7] != '0' && b[off + 7] != '1') || b[off + 8] != ' '
                || (e - off > 12 && b[off + 12] != ' ')) {
            throw new IOException("the instance's answer is not HTTP/1.x: " + printable(b, off, Math.min(e, off + 40)));
        }
        int status = 0;
        for (int i = off + 9; i < off + 12; i++) {
            if (b[i] < '0' || b[i] > '9') {
                throw new IOException("the instance's answer has a malformed status line: " + printable(b, off, Math.min(e, off + 40)));
            }
            status = status * 10 + (b[i] - '0');
        }
        if (status < 100) {
            throw new IOException("the instance answered status " + status + ", which HTTP does not have");
        }
        return status;
    }

    private static String value(byte[] b, int from, int to) throws IOException {
        int s = from;
        int e = to;
        while (s < e && (b[s] == ' ' || b[s] == '\t')) {
            s++;
        }
        while (e > s && (b[e - 1] == ' ' || b[e - 1] == '\t')) {
            e--;
        }
        for (int i = s; i < e; i++) {
            byte c = b[i];
            if ((c >= 0 && c < 0x20 && c != '\t') || c == 0x7f) {
                throw new IOException("the instance's answer has a control character in a header value");
            }
        }
        return latin1(b, s, e);
    }

    @SuppressWarnings("deprecation")
    private static String latin1(byte[] b, int from, int to) {
        // The bytes as ISO-8859-1 characters, as Undertow keeps header values.
        return new String(b, 0, from, to - from);
    }

    private static boolean token(byte c) {
        return c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
    }

    private static String join(String before, String value) {
        return before == null ? value : before + ", " + value;
    }

    /** A repeated Content-Length must repeat the same value (RFC 9112 6.3, rule 5). */
    private static String sameLength(String before, String value) throws IOException {
        if (before != null && !before.trim().equals(value.trim())) {
            throw new IOException("the instance's answer has conflicting Content-Length values");
        }
        return value;
    }

    private static long lengthOf(String v) throws IOException {
        String s = v.trim();
        int comma = s.indexOf(',');
        if (comma >= 0) {
            // "5, 5": one value repeated in a list (RFC 9110 8.6); anything else is refused.
            for (String part : s.split(",")) {
                sameLength(s.substring(0, comma), part);
            }
            s = s.substring(0, comma).trim();
        }
        if (s.isEmpty() || s.length() > 18 || !s.chars().allMatch(Character::isDigit)) {
            throw new IOException("the instance's answer has a malformed Content-Length: " + v);
        }
        return Long.parseLong(s);
    }

    private static boolean hasToken(String list, String token) {
        if (list == null) {
            return false;
        }
        for (String t : list.split(",")) {
            if (t.trim().equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }

    private static String printable(byte[] b, int from, int to) {
        StringBuilder s = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            char c = (char) (b[i] & 0xff);
            s.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return s.toString();
    }
}
