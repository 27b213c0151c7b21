package io.localfaas.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** --env-file: dotenv lines, per-function sections, problems with line and column. */
class EnvFileTest {
    private static final Path FILE = Path.of("dev.env");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            A=1                       | 1
            export A=1                | 1
            A = spaced out            | spaced out
            A=bare # a comment        | bare
            A="quoted # not a comment" | quoted # not a comment
            'A="line\\none"'          | line<NL>one
            A='single $x \\n'         | single $x \\n
            A=                        | ''
            A=x=y                     | x=y
            """)
    void values(String line, String expected) throws Exception {
        assertEquals(Map.of("A", expected.replace("<NL>", "\n")), EnvFile.parse(FILE, line).all());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            A                 | dev.env:1:1: A: must be NAME=value
            1A=x              | dev.env:1:1: 1A: environment variable names start with a letter and hold letters, digits and _
            FC_X=1            | dev.env:1:1: FC_X: the FC_ prefix is reserved for the platform
            '  A="open'       | dev.env:1:5: A = "open: a quoted value must end with its quote on the same line
            [bad name!]       | dev.env:1:1: [bad name!]: a section header is [function-name]
            """)
    void problems(String line, String expected) {
        List<Problem> got = assertThrows(ConfigException.class, () -> EnvFile.parse(FILE, line)).problems();
        assertEquals(List.of(expected), got.stream().map(Problem::toString).toList());
    }

    @Test
    void sectionsApplyToTheirFunctionAndWinOverGlobalLines() throws Exception {
        Files.createDirectory(dir.resolve("code"));
        Path config = dir.resolve("app.yaml");
        Files.writeString(config, """
                service: s
                defaults: {runtime: nodejs18, codeUri: code, handler: index.handler}
                functions:
                  a: {environment: {KEEP: k, MODE: yaml}}
                  b: {}
                """);
        EnvFile env = EnvFile.parse(FILE, "MODE=dev\nDEBUG=1\n\n[b]\nMODE=b-only\n");
        AppSpec app = env.applyTo(SpecLoader.load(config));
        assertEquals(Map.of("KEEP", "k", "MODE", "dev", "DEBUG", "1"), app.function("a").orElseThrow().environment());
        assertEquals(Map.of("MODE", "b-only", "DEBUG", "1"), app.function("b").orElseThrow().environment());
    }

    @Test
    void aSectionForAnUnknownFunctionIsAProblemAtItsLine() throws Exception {
        Files.createDirectory(dir.resolve("code"));
        Path config = dir.resolve("app.yaml");
        Files.writeString(config, "service: s\nfunctions:\n  a: {runtime: nodejs18, codeUri: code, handler: index.handler}\n");
        EnvFile env = EnvFile.parse(FILE, "A=1\n[nope]\nB=2\n");
        List<Problem> got = assertThrows(ConfigException.class, () -> env.applyTo(SpecLoader.load(config))).problems();
        assertEquals(List.of("dev.env:2:1: [nope]: no function nope in " + config + " (functions: a)"), got.stream().map(Problem::toString).toList());
    }

    @Test
    void aMissingFileIsOneLine() {
        List<Problem> got = assertThrows(ConfigException.class, () -> EnvFile.read(dir.resolve("none.env"))).problems();
        assertEquals(List.of(dir.resolve("none.env") + ": no such file"), got.stream().map(Problem::toString).toList());
    }
}
