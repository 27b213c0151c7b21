package io.localfaas.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which Transfer-Encoding values make an instance's answer chunked. */
class ResponseBodyTest {
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
        assertEquals(chunked, ResponseBody.chunked(te));
    }
}
