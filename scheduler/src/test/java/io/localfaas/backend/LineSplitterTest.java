package io.localfaas.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class LineSplitterTest {
    private final List<String> lines = new ArrayList<>();
    private final LineSplitter splitter = new LineSplitter(LogStream.STDOUT, (s, l) -> lines.add(s + ":" + l), 8);

    private void feed(String chunk) {
        splitter.accept(chunk.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void joinsChunksThatEndMidLineAndDropsCarriageReturns() {
        feed("ab");
        feed("c\r\nde\n");
        feed("f");
        assertEquals(List.of("STDOUT:abc", "STDOUT:de"), lines);
        splitter.finish();
        assertEquals(List.of("STDOUT:abc", "STDOUT:de", "STDOUT:f"), lines);
    }

    @Test
    void cutsALineLongerThanTheLimit() {
        feed("0123456789ab\n");
        assertEquals(List.of("STDOUT:01234567", "STDOUT:89ab"), lines);
    }

    @Test
    void splitsManyLinesInOneChunkAndLongLinesAcrossChunks() {
        feed("a\n\nbb\n0123");
        feed("456789abcdefghij");
        feed("k\n01234567\n");
        splitter.finish();
        assertEquals(List.of("STDOUT:a", "STDOUT:", "STDOUT:bb", "STDOUT:01234567", "STDOUT:89abcdef", "STDOUT:ghijk",
                "STDOUT:01234567"), lines, "a line of exactly the limit is one line, not a line and an empty one");
    }
}
