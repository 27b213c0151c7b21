package io.localfaas.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code ${VAR}} and {@code ${VAR:-default}} in scalar values, with SECRET=s3cr3t and EMPTY= set. */
class SubstitutionTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            ${SECRET}                 | s3cr3t
            key-${SECRET}-end         | key-s3cr3t-end
            ${UNSET:-fallback}        | fallback
            ${SECRET:-fallback}       | s3cr3t
            ${EMPTY:-fallback}        | ""
            ${UNSET:-}                | ""
            $${SECRET}                | ${SECRET}
            plain $ text              | plain $ text
            ${UNSET}                  | problem: functions.f.environment.V = ${UNSET}: environment variable UNSET is not set (write ${UNSET:-default} to give a default)
            ${1BAD}                   | problem: functions.f.environment.V = ${1BAD}: ${ must be followed by a variable name and }, as in ${NAME} or ${NAME:-default} ($${ writes a literal ${)
            """)
    void substitution(String written, String expected) throws IOException {
        Files.createDirectories(dir.resolve("code"));
        Path f = dir.resolve("app.yaml");
        Files.writeString(f, "service: s\nfunctions:\n  f:\n    runtime: nodejs18\n    codeUri: code\n    handler: index.handler\n"
                + "    environment:\n      V: '" + written + "'\n");
        String got;
        try {
            got = SpecLoader.read(f, Map.of("SECRET", "s3cr3t", "EMPTY", "")).app().function("f").orElseThrow().environment().get("V");
        } catch (ConfigException e) {
            assertEquals(1, e.problems().size(), e.getMessage());
            assertEquals(8, e.problems().get(0).line());
            got = "problem: " + e.problems().get(0).keyPath() + " = " + e.problems().get(0).value() + ": " + e.problems().get(0).rule();
        }
        assertEquals(expected == null ? "" : expected, got);
    }
}
