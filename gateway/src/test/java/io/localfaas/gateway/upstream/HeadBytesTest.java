package io.localfaas.gateway.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import org.junit.jupiter.api.Test;

/** A request head as bytes. */
class HeadBytesTest {
    private static String text(ByteBuffer b) {
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    @Test
    void theRequestLineAndHeadersInOrderThenTheBlankLine() {
        ByteBuffer b = HeadBytes.start(Methods.POST, "/a?b=c").header(new HttpString("Host"), "h:1").header("x-fc-request-id", "r")
                .header("content-length", "3").end();
        assertEquals("POST /a?b=c HTTP/1.1\r\nHost: h:1\r\nx-fc-request-id: r\r\ncontent-length: 3\r\n\r\n", text(b));
    }

    @Test
    void aCharacterOutsideLatin1BecomesAQuestionMarkNeverItsLowByte() {
        // U+010A's low byte is a line feed: written as such it would end the header and start one of the value's choosing.
        ByteBuffer b = HeadBytes.start(Methods.GET, "/").header("x-claims", "{\"n\":\"\u010AX-Evil: 1\u00e9\"}").end();
        assertEquals("GET / HTTP/1.1\r\nx-claims: {\"n\":\"?X-Evil: 1\u00e9\"}\r\n\r\n", text(b));
    }

    @Test
    void aHeadLargerThanTheBufferGrowsIt() {
        String big = "v".repeat(10_000);
        assertEquals("GET / HTTP/1.1\r\nx: " + big + "\r\n\r\n", text(HeadBytes.start(Methods.GET, "/").header("x", big).end()));
    }
}
