package io.localfaas.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How an instance's response head is parsed and its body framed. */
class ResponseHeadTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            chunked          | true
            Chunked          | true
            gzip, chunked    | true
            ' chunked '      | true
            xchunked         | false
            chunkedx         | false
            chunked, gzip    | false
            identity         | false
            ''               | false
            """)
    void onlyAFinalChunkedCodingIsChunked(String te, boolean chunked) {
        assertEquals(chunked, ResponseHead.chunked(te));
    }

    private static byte[] bytes(String head) {
        return head.replace("|", "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    private static ResponseHead parse(String head, List<String> headers) throws IOException {
        byte[] b = bytes(head);
        return ResponseHead.parse(b, 0, b.length, (n, v) -> headers.add(n + "=" + v));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '#', textBlock = """
            HTTP/1.1 200 OK|Content-Length: 5||                        # 200 # true  # LENGTH      # 5
            HTTP/1.1 200 OK|Content-Length: 5, 5||                     # 200 # true  # LENGTH      # 5
            HTTP/1.1 200 OK|Content-Length: 5|Content-Length: 5||      # 200 # true  # LENGTH      # 5
            HTTP/1.1 200 OK|Transfer-Encoding: chunked||               # 200 # true  # CHUNKED     # -1
            HTTP/1.1 200 OK|Transfer-Encoding: gzip|Transfer-Encoding: chunked|| # 200 # true # CHUNKED # -1
            HTTP/1.1 200 OK|Transfer-Encoding: xchunked||              # 200 # true  # UNTIL_CLOSE # -1
            HTTP/1.1 200 OK|Transfer-Encoding: chunked|Content-Length: 3|| # 200 # false # CHUNKED # -1
            HTTP/1.1 200 OK||                                          # 200 # true  # UNTIL_CLOSE # -1
            HTTP/1.1 200 OK|Connection: close|Content-Length: 0||      # 200 # false # LENGTH      # 0
            HTTP/1.1 200 OK|connection: keep-alive, Close|Content-Length: 0|| # 200 # false # LENGTH # 0
            HTTP/1.0 200 OK|Content-Length: 0||                        # 200 # false # LENGTH      # 0
            HTTP/1.0 200 OK|Connection: keep-alive|Content-Length: 0|| # 200 # true  # LENGTH      # 0
            HTTP/1.1 204 No Content||                                  # 204 # true  # UNTIL_CLOSE # -1
            HTTP/1.1 404||                                             # 404 # true  # UNTIL_CLOSE # -1
            HTTP/1.1 101 Switching Protocols|Upgrade: websocket||      # 101 # true  # UNTIL_CLOSE # -1
            """)
    void aHeadIsParsedAndItsBodyFramed(String head, int status, boolean keepAlive, ResponseHead.Framing framing, long length)
            throws IOException {
        ResponseHead h = parse(head, new ArrayList<>());
        assertEquals(List.of(status, keepAlive, framing, length), List.of(h.status(), h.keepAlive(), h.framing(), h.length()));
        assertEquals(bytes(head).length, h.size());
    }

    @Test
    void headersAreHandedOnInOrderWithTheirValuesTrimmedAndBareLineFeedsAccepted() throws IOException {
        List<String> headers = new ArrayList<>();
        byte[] b = "HTTP/1.1 200 OK\nX-A:  one \nx-b:two\r\nX-A: three\n\nbody".getBytes(StandardCharsets.ISO_8859_1);
        ResponseHead h = ResponseHead.parse(b, 0, b.length, (n, v) -> headers.add(n + "=" + v));
        assertEquals(List.of("X-A=one", "x-b=two", "X-A=three"), headers);
        assertEquals("body", new String(b, h.size(), b.length - h.size(), StandardCharsets.ISO_8859_1));
    }

    @Test
    void aHeadNotYetEndedIsNull() throws IOException {
        for (String partial : List.of("", "HTTP/1.1 200 OK", "HTTP/1.1 200 OK|", "HTTP/1.1 200 OK|Content-Length: 5|")) {
            assertNull(parse(partial, new ArrayList<>()), partial);
        }
    }

    @Test
    void aHeadStartingInsideABufferIsParsedFromThere() throws IOException {
        byte[] b = bytes("xxHTTP/1.1 201 Created|A: b||");
        ResponseHead h = ResponseHead.parse(b, 2, b.length - 2, (n, v) -> { });
        assertEquals(201, h.status());
        assertEquals(b.length - 2, h.size());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '#', textBlock = """
            HTTP/2 200 OK||                                 # not HTTP/1.x
            HTTP/1.1 20 OK||                                # not HTTP/1.x
            HTTP/1.1 2x0 OK||                               # malformed status line
            HTTP/1.1 099 Hm||                               # does not have
            HTTP/1.1 200 OK|Bad Name: v||                   # malformed header name
            HTTP/1.1 200 OK|Name : v||                      # malformed header name
            HTTP/1.1 200 OK|: v||                           # without a name
            HTTP/1.1 200 OK|novalue||                       # without a name and a colon
            HTTP/1.1 200 OK|A: b| folded||                  # folds
            HTTP/1.1 200 OK|A: b\u0001c||                   # control character
            HTTP/1.1 200 OK|Content-Length: 5|Content-Length: 6|| # conflicting
            HTTP/1.1 200 OK|Content-Length: 5, 6||          # conflicting
            HTTP/1.1 200 OK|Content-Length: -1||            # malformed Content-Length
            HTTP/1.1 200 OK|Content-Length: 0x10||          # malformed Content-Length
            """)
    void aMalformedHeadIsRefusedWithWhatIsWrong(String head, String says) {
        IOException e = assertThrows(IOException.class, () -> parse(head.replace("\\u0001", "\u0001"), new ArrayList<>()));
        assertTrue(e.getMessage().contains(says), e.getMessage());
    }

    @ParameterizedTest(name = "status {0}, HEAD request {1} -> body {2}, reusable {3}")
    @CsvSource(textBlock = """
            200, false, true,  false
            200, true,  false, true
            204, false, false, true
            304, false, false, true
            101, false, false, true
            """)
    void whetherABodyFollowsDependsOnTheRequestAndTheStatus(int status, boolean headRequest, boolean body, boolean reusable)
            throws IOException {
        ResponseHead h = parse("HTTP/1.1 " + status + " X||", new ArrayList<>());
        assertEquals(body, h.hasBody(headRequest));
        assertEquals(reusable, h.reusable(headRequest));
    }
}
