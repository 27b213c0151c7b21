package io.localfaas.gateway.upstream;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;

import io.localfaas.protocol.RequestHead;
import io.undertow.util.HttpString;

/**
 * A request head written as HTTP/1.1 bytes straight from the strings and header names in hand (no header map between):
 * one buffer per I/O thread, reused by every call on it. Characters are written as ISO-8859-1, as they came in (the
 * gateway's parser keeps header bytes so); one outside it becomes {@code ?}, as the blocking client writes it, never its
 * low byte alone (U+010A would become a line feed inside the head). The head is
 * sent at once on the same thread ({@link Http1Exchange} copies what a full socket did not take), so the buffer is free
 * again when the next call starts.
 */
public final class HeadBytes {
    private static final ThreadLocal<HeadBytes> PER_THREAD = ThreadLocal.withInitial(HeadBytes::new);
    private static final byte[] VERSION = " HTTP/1.1\r\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

    /** The most instances' fixed headers kept encoded per thread; past it the kept ones are forgotten and made again. */
    private static final int MAX_ENCODED = 256;

    private byte[] bytes = new byte[4096];
    private int length;
    /** Fixed header lists (an instance's, made once per instance) as bytes, by identity: encoded once, copied after. */
    private final IdentityHashMap<List<RequestHead.Header>, byte[]> encoded = new IdentityHashMap<>();

    private HeadBytes() {
    }

    /** This thread's buffer, emptied, holding the request line. */
    public static HeadBytes start(HttpString method, String target) {
        HeadBytes h = PER_THREAD.get();
        h.length = 0;
        return h.append(method).append(' ').append(target).append(VERSION);
    }

    public HeadBytes header(HttpString name, String value) {
        return append(name).append(':').append(' ').append(value).append('\r').append('\n');
    }

    public HeadBytes header(String name, String value) {
        return append(name).append(':').append(' ').append(value).append('\r').append('\n');
    }

    /**
     * Adds headers that are the same on every call to an instance ({@code fixed} is made once per instance and handed
     * out as the same list): written as bytes the first time, copied from those bytes after.
     */
    public HeadBytes headers(List<RequestHead.Header> fixed) {
        byte[] known = encoded.get(fixed);
        if (known != null) {
            return append(known);
        }
        int from = length;
        for (RequestHead.Header h : fixed) {
            header(h.name(), h.value());
        }
        if (encoded.size() >= MAX_ENCODED) {
            encoded.clear();
        }
        encoded.put(fixed, Arrays.copyOfRange(bytes, from, length));
        return this;
    }

    /** Ends the head (the blank line): the bytes to send, valid until this thread starts the next head. */
    public ByteBuffer end() {
        append('\r').append('\n');
        return ByteBuffer.wrap(bytes, 0, length);
    }

    private HeadBytes append(String s) {
        int n = s.length();
        room(n);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            bytes[length++] = c < 0x100 ? (byte) c : (byte) '?';
        }
        return this;
    }

    private HeadBytes append(HttpString s) {
        room(s.length());
        s.copyTo(bytes, length);
        length += s.length();
        return this;
    }

    private HeadBytes append(byte[] b) {
        room(b.length);
        System.arraycopy(b, 0, bytes, length, b.length);
        length += b.length;
        return this;
    }

    private HeadBytes append(char c) {
        room(1);
        bytes[length++] = (byte) c;
        return this;
    }

    private void room(int n) {
        if (length + n > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + n));
        }
    }
}
