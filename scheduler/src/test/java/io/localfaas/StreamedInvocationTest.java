package io.localfaas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.localfaas.pool.Outcome;
import org.junit.jupiter.api.Test;

/** The slot of a streamed answer is given back exactly once, with the outcome of how the copy ended. */
class StreamedInvocationTest {
    private final List<Outcome> released = new ArrayList<>();

    private StreamedInvocation of(InputStream body) {
        return new StreamedInvocation(200, Map.of("Content-Length", List.of("5")), Optional.empty(), body, "i-1", Optional.empty(),
                Duration.ZERO, released::add);
    }

    @Test
    void aWholeCopyReleasesOnceAsOk() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (StreamedInvocation inv = of(new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8)))) {
            assertEquals(Optional.of(5L), inv.contentLength());
            inv.transferTo(out);
        }
        assertEquals("hello", out.toString(StandardCharsets.UTF_8));
        assertEquals(List.of(Outcome.OK), released);
    }

    @Test
    void withAContentLengthTheSlotIsFreeBeforeTheLastByteIsWritten() throws IOException {
        List<List<Outcome>> seenAtWrite = new ArrayList<>();
        OutputStream out = new OutputStream() {
            @Override
            public void write(int b) {
                seenAtWrite.add(List.copyOf(released));
            }

            @Override
            public void write(byte[] b, int off, int len) {
                seenAtWrite.add(List.copyOf(released));
            }
        };
        try (StreamedInvocation inv = of(new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8)))) {
            inv.transferTo(out);
        }
        assertEquals(List.of(List.of(Outcome.OK)), seenAtWrite);
        assertEquals(List.of(Outcome.OK), released);
    }

    @Test
    void aClientGoneMidBodyReleasesOnceAsOk() {
        OutputStream gone = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("broken pipe");
            }
        };
        try (StreamedInvocation inv = of(new ByteArrayInputStream(new byte[100]))) {
            assertThrows(IOException.class, () -> inv.transferTo(gone));
        }
        assertEquals(List.of(Outcome.OK), released);
    }

    @Test
    void anInstanceDyingMidBodyReleasesOnceAsCrashed() {
        InputStream dying = new SequenceInputStream(new ByteArrayInputStream(new byte[10]), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("closed");
            }
        });
        try (StreamedInvocation inv = of(dying)) {
            StreamedInvocation.InstanceBodyException e = assertThrows(StreamedInvocation.InstanceBodyException.class,
                    () -> inv.transferTo(new ByteArrayOutputStream()));
            assertTrue(!e.timedOut());
        }
        assertEquals(List.of(Outcome.CRASHED), released);
    }

    @Test
    void theFunctionTimeoutReleasesOnceAsTimedOutAndTheCopyThenFails() {
        try (StreamedInvocation inv = of(new ByteArrayInputStream(new byte[10]))) {
            inv.timeOut();
            assertThrows(IOException.class, () -> inv.transferTo(new ByteArrayOutputStream()));
        }
        assertEquals(List.of(Outcome.TIMED_OUT), released);
    }

    @Test
    void aFunctionErrorBodyIsReadWholeAndReleasesOnce() throws IOException {
        try (StreamedInvocation inv = of(new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)))) {
            assertArrayEquals("{}".getBytes(StandardCharsets.UTF_8), inv.readAll());
        }
        assertEquals(List.of(Outcome.OK), released);
    }
}
