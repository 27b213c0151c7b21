package io.localfaas.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a function's output looks like on the terminal: a table of what it printed and what is shown. */
class TerminalTextTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            plain text                     | plain text
            tab\\tkept                       | tab\\tkept
            \\u001b]0;owned\\u0007           | \\\\x1b]0;owned\\\\x07
            \\u001b]52;c;ZXZpbA==\\u0007     | \\\\x1b]52;c;ZXZpbA==\\\\x07
            \\u001b[2K\\rfaas: forged        | \\\\x1b[2K\\\\rfaas: forged
            line\\nnext                      | line\\\\nnext
            del\\u007f c1\\u009b             | del\\\\x7f c1\\\\x9b
            rtl\\u202eexe.txt                | rtl\\\\u202eexe.txt
            isolate\\u2066x\\u2069           | isolate\\\\u2066x\\\\u2069
            ünïcödé 漢字                     | ünïcödé 漢字
            """)
    void controlCharactersAreShownAsEscapes(String printed, String shown) {
        String in = unescape(printed);
        String out = TerminalText.escape(in);
        assertEquals(shown.replace("\\\\", "\\").replace("\\t", "\t"), out);
        assertEquals(out, TerminalText.escape(out), "idempotent");
    }

    /** The table writes control characters as Java escapes ({@code \\uXXXX}, {@code \\n}, {@code \\r}, {@code \\t}). */
    private static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(i + 1);
                if (n == 'u') {
                    b.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
                    i += 5;
                    continue;
                }
                if (n == 'n' || n == 'r' || n == 't') {
                    b.append(n == 'n' ? '\n' : n == 'r' ? '\r' : '\t');
                    i++;
                    continue;
                }
            }
            b.append(c);
        }
        return b.toString();
    }
}
