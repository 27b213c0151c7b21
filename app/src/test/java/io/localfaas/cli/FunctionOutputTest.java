package io.localfaas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Optional;

import io.localfaas.backend.LogStream;
import io.localfaas.logs.LogLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Function output in the faas up terminal: function, instance, request id, the line. */
class FunctionOutputTest {
    @ParameterizedTest(name = "{3}")
    @CsvSource(delimiter = ';', textBlock = """
            web-1-5tm8v      ; 1-65e571bc-0123456789 ; hello world ; web.1-5tm8v 1-65e571 | hello world
            i1               ; ''                    ; no request  ; web.i1 - | no request
            """)
    void lines(String instance, String request, String text, String expected) {
        LogLine line = new LogLine(instance, LogStream.STDOUT, request.isEmpty() ? Optional.empty() : Optional.of(request), text);
        assertEquals(expected, FunctionOutput.format("web", line, false));
    }

    @Test
    void invokeMarkersAreLeftToFaasLogs() {
        assertNull(FunctionOutput.format("web", new LogLine("i", LogStream.STDOUT, Optional.of("r"), "FC Invoke Start RequestId: r"), false));
        assertNull(FunctionOutput.format("web", new LogLine("i", LogStream.STDOUT, Optional.of("r"), "FC Invoke End RequestId: r"), false));
    }

    @Test
    void aFunctionsEscapeSequencesAndCarriageReturnsAreShownNotObeyed() {
        String s = FunctionOutput.format("web", new LogLine("i", LogStream.STDOUT, Optional.empty(),
                "\u001b]52;c;ZXZpbA==\u0007\u001b[2K\rfaas: error: forged"), true);
        assertEquals(true, s.endsWith(" \\x1b]52;c;ZXZpbA==\\x07\\x1b[2K\\rfaas: error: forged"), s);
        assertEquals(2, s.chars().filter(c -> c == 0x1b).count(), "only the platform's own colour: " + s);
    }

    @Test
    void colouredOnATerminal() {
        String s = FunctionOutput.format("web", new LogLine("i", LogStream.STDOUT, Optional.empty(), "x"), true);
        assertEquals(true, s.startsWith("\u001b[") && s.endsWith("web.i - |\u001b[0m x"), s);
    }
}
