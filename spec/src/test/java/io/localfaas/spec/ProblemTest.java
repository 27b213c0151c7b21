package io.localfaas.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class ProblemTest {
    private static final Path F = Path.of("app.yaml");

    @Test
    void formats() {
        assertEquals("app.yaml:3:5: functions.f.timeout = 9m: must be 1-600 s", new Problem(F, 3, 5, "functions.f.timeout", "9m", "must be 1-600 s").toString());
        assertEquals("app.yaml:3:5: functions.f.x: unknown key", new Problem(F, 3, 5, "functions.f.x", null, "unknown key").toString());
        assertEquals("app.yaml: no such file", new Problem(F, 0, 0, "", null, "no such file").toString());
        assertEquals("app.yaml:2:1: warning: a = b: c", new Problem(F, 2, 1, "a", "b", "c").asWarning());
    }

    @Test
    void valuesStayOnOneLineAndShort() {
        assertEquals("a\\nb\\tc\\x07", Problem.printable("a\nb\tc\u0007"));
        assertEquals("x".repeat(80), Problem.printable("x".repeat(80)));
        assertEquals("\"\"", Problem.printable(""));
        assertEquals("x".repeat(80) + "...", Problem.printable("x".repeat(81)));
    }
}
