package io.localfaas.backend;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Turns chunks of one output stream into lines: a chunk may end mid-line, and a line longer than {@code maxLineBytes}
 * is cut into pieces of that size so that memory stays bounded. Not thread-safe: one per stream.
 */
public final class LineSplitter {
    private final LogStream stream;
    private final LogSink sink;
    private final int maxLineBytes;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    public LineSplitter(LogStream stream, LogSink sink, int maxLineBytes) {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be >= 1");
        }
        this.stream = stream;
        this.sink = sink;
        this.maxLineBytes = maxLineBytes;
    }

    public void accept(byte[] chunk) {
        int start = 0;
        for (int i = 0; i < chunk.length; i++) {
            if (chunk[i] == '\n') {
                append(chunk, start, i - start);
                emit();
                start = i + 1;
            }
        }
        append(chunk, start, chunk.length - start);
    }

    /** Adds part of a line; a pending line that reached {@code maxLineBytes} is emitted as a piece before more is added. */
    private void append(byte[] bytes, int offset, int length) {
        while (length > 0) {
            if (pending.size() >= maxLineBytes) {
                emit();
            }
            int n = Math.min(length, maxLineBytes - pending.size());
            pending.write(bytes, offset, n);
            offset += n;
            length -= n;
        }
    }

    /** Emits what is left when the stream ends. */
    public void finish() {
        if (pending.size() > 0) {
            emit();
        }
    }

    private void emit() {
        String line = pending.toString(StandardCharsets.UTF_8);
        pending.reset();
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        sink.line(stream, line);
    }
}
