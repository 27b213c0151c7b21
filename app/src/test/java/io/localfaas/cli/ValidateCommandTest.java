package io.localfaas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code faas validate}: problems on stderr, one per line, exit 2; never a stack trace. */
class ValidateCommandTest {
    private static final Path CORPUS = Path.of("..", "spec", "src", "test", "resources", "bad-configs");
    private static final Path CONFIG = Path.of("..", "config");

    @TempDir
    Path dir;

    record Run(int exit, List<String> out, List<String> err) {
    }

    static Run faas(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exit, out.toString().lines().toList(), err.toString().lines().toList());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            empty.yaml           | : file is empty: it needs service and functions (or a Funcraft template's Resources)
            binary.yaml          | : not UTF-8 text (is it a binary file?)
            duplicate-keys.yaml  | :8:5: functions.f.timeout: duplicate key (first at line 7)
            billion-laughs.yaml  | : invalid YAML: Number of aliases for non-scalar nodes exceeds the specified max=20
            template-unsupported-runtime.yml | :10:18: Resources.demo.py.Properties.Runtime = php7.2: localfaas cannot run this Function Compute runtime; supported: nodejs18, java17, python3, custom, custom-container (nodejs4.4-nodejs20 run on nodejs18, java8 and java11 on java17, python3.6-python3.12 on python3, custom.debian10-12 on custom)
            """)
    void badFilesExitTwoWithTheirProblem(String name, String problem) {
        Path file = CORPUS.resolve(name);
        Run run = faas("validate", file.toString());
        assertEquals(2, run.exit());
        assertEquals(List.of(file + problem), run.err());
        assertEquals(List.of(), run.out());
    }

    @Test
    void everyFileIsCheckedAndEachGoodOneSaysOk() {
        Path good = CONFIG.resolve("greetings-template.yml");
        Path bad = CORPUS.resolve("unknown-keys.yaml");
        Run run = faas("validate", good.toString(), bad.toString());
        assertEquals(2, run.exit());
        assertEquals(List.of(good + ": ok"), run.out());
        assertEquals(4, run.err().size(), run.err().toString());
        assertFalse(run.err().stream().anyMatch(l -> l.contains("Exception") || l.trim().startsWith("at ")), run.err().toString());
    }

    @Test
    void warningsArePrintedAndAreNotErrors() throws Exception {
        Files.createDirectory(dir.resolve("code"));
        Path t = dir.resolve("template.yml");
        Files.writeString(t, """
                ROSTemplateFormatVersion: '2015-09-01'
                Transform: 'Aliyun::Serverless-2018-04-03'
                Resources:
                  svc:
                    Type: 'Aliyun::Serverless::Service'
                    fn:
                      Type: 'Aliyun::Serverless::Function'
                      Properties: {Handler: index.handler, Runtime: nodejs12, CodeUri: code}
                """);
        Run run = faas("validate", t.toString());
        assertEquals(0, run.exit());
        assertEquals(List.of(t + ": ok"), run.out());
        assertEquals(List.of(t + ":8:53: warning: Resources.svc.fn.Properties.Runtime = nodejs12: runs on nodejs18, the nearest runtime localfaas has"),
                run.err());
    }

    @Test
    void upRefusesAnInvalidFileBeforeTouchingDocker() {
        Path bad = CORPUS.resolve("out-of-range.yaml");
        Run run = faas("up", bad.toString(), "--port", "0");
        assertEquals(2, run.exit());
        assertEquals(11, run.err().size(), run.err().toString());
        assertEquals(List.of(), run.out());
    }
}
