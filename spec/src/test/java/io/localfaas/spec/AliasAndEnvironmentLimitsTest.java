package io.localfaas.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bounds a configuration file cannot get around: aliases of any kind, and FC's 4 KB of environment. */
class AliasAndEnvironmentLimitsTest {
    @TempDir
    Path dir;

    private static final String FN = "service: s\nfunctions:\n  f:\n    runtime: nodejs18\n    codeUri: .\n    handler: index.handler\n";

    private List<Problem> problems(String yaml) throws Exception {
        Path file = Files.writeString(dir.resolve("app.yaml"), yaml);
        return assertThrows(ConfigException.class, () -> SpecLoader.read(file, Map.of())).problems();
    }

    @Test
    void aOneMegabyteScalarAliasBombIsOneClearProblem() throws Exception {
        StringBuilder b = new StringBuilder(FN).append("    environment:\n      A: &a \"").append("x".repeat(4000)).append("\"\n");
        for (int i = 0; b.length() < SpecLoader.MAX_FILE_BYTES - 40; i++) {
            b.append("      V").append(i).append(": *a\n");
        }
        List<Problem> p = problems(b.toString());
        assertEquals(1, p.size(), p.toString());
        assertTrue(p.get(0).toString().contains("too many YAML aliases") && p.get(0).line() == 8, p.get(0).toString());
    }

    /** Counted while parsing, before any tree is built: what follows the bounds is never read (here, a syntax error). */
    @Test
    void aBombIsRefusedAtItsFirstAliasOverTheBoundsBeforeTheRestIsRead() throws Exception {
        StringBuilder b = new StringBuilder(FN).append("    environment:\n      A: &a \"").append("x".repeat(4000)).append("\"\n");
        for (int i = 0; i < 1000; i++) {
            b.append("      V").append(i).append(": *a\n");
        }
        b.append("      broken: [unclosed\n");
        List<Problem> p = problems(b.toString());
        assertEquals(1, p.size(), p.toString());
        assertTrue(p.get(0).toString().endsWith(":8:10: too many YAML aliases: 17 aliases standing for 68000 characters by line 25; a "
                + "configuration may use at most 200 aliases for at most 65536 characters in all (write the values out, or use ${VAR})"),
                p.get(0).toString());
    }

    @Test
    void aFewAliasesOfSmallValuesStayFine() throws Exception {
        Path file = Files.writeString(dir.resolve("app.yaml"), FN + "    environment:\n      A: &a one\n      B: *a\n      C: *a\n");
        assertEquals("one", SpecLoader.read(file, Map.of()).app().function("f").orElseThrow().environment().get("C"));
    }

    @Test
    void anEnvironmentOverFcs4KbIsAProblemAtTheKey() throws Exception {
        List<Problem> p = problems(FN + "    environment:\n      A: " + "x".repeat(2100) + "\n      B: " + "y".repeat(2100) + "\n");
        assertEquals(1, p.size(), p.toString());
        assertTrue(p.get(0).toString().contains("functions.f.environment: the variables take 4202 bytes; Function Compute allows at most 4096"),
                p.get(0).toString());
    }

    @Test
    void theSizeCountsNamesAndValuesInUtf8() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AB", "é");
        assertEquals(4, YamlReader.environmentBytes(env));
    }
}
