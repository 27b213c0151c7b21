package io.localfaas.backend.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which links of a code folder may be copied into an image: a table of links, their targets and the answer. */
class CodeLinksTest {
    private static final Path ROOT = Path.of("/p/code");

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource({
            "/p/code/a, b, ok",
            "/p/code/lib/a, ../b, ok",
            "/p/code/lib/a, ../lib/../c, ok",
            "/p/code/a, /p/code/b, ok",
            "/p/code/a, ../secret, refused",
            "/p/code/lib/a, ../../x, refused",
            "/p/code/a, /home/u/.ssh/id_rsa, refused",
            "/p/code/a, /p/code2/b, refused",
            "/p/code/a, /, refused",
            "/p/code/a, a, refused",
    })
    void aLinkMayBeCopiedOnlyWhenItsTargetStaysInTheCodeFolder(String link, String target, String expected) {
        assertEquals(expected.equals("ok"), CodeLinks.escape(ROOT, Path.of(link), Path.of(target)).isEmpty());
    }
}
