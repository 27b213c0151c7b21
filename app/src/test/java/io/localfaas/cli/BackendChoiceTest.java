package io.localfaas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.localfaas.spec.BackendKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which backend a configuration comes down to, and that the engine is asked only for auto. */
class BackendChoiceTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}, engine answers {1}: {2}, engine asked {3}")
    @CsvSource(textBlock = """
            PROCESS, true,  PROCESS, 0
            PROCESS, false, PROCESS, 0
            DOCKER,  true,  DOCKER,  0
            DOCKER,  false, DOCKER,  0
            AUTO,    true,  DOCKER,  1
            AUTO,    false, PROCESS, 1
            """)
    void resolves(BackendKind kind, boolean engineAnswers, BackendKind expected, int asked) {
        AtomicInteger questions = new AtomicInteger();
        assertEquals(expected, BackendChoice.resolve(kind, () -> {
            questions.incrementAndGet();
            return engineAnswers;
        }));
        assertEquals(asked, questions.get(), "the engine is asked only for auto");
    }

    @Test
    void theBackendCommandPrintsTheChosenBackendWithoutAskingAnEngine() throws Exception {
        Path code = Files.createDirectory(dir.resolve("code"));
        Path config = Files.writeString(dir.resolve("app.yaml"), "service: s\nplatform: {backend: docker}\nfunctions:\n"
                + "  f: {runtime: nodejs18, codeUri: " + code + ", handler: index.handler}\n");
        ValidateCommandTest.Run run = ValidateCommandTest.faas("backend", config.toString());
        assertEquals(0, run.exit(), run.err().toString());
        assertEquals(List.of("docker"), run.out());
        run = ValidateCommandTest.faas("backend", config.toString(), "--backend", "process");
        assertEquals(0, run.exit(), run.err().toString());
        assertEquals(List.of("process"), run.out());
    }

    @Test
    void aProjectFileCannotChooseTheProcessBackend() throws Exception {
        Path code = Files.createDirectory(dir.resolve("code"));
        Path config = Files.writeString(dir.resolve("app.yaml"), "service: s\nplatform: {backend: process}\nfunctions:\n"
                + "  f: {runtime: nodejs18, codeUri: " + code + ", handler: index.handler}\n");
        ValidateCommandTest.Run run = ValidateCommandTest.faas("backend", config.toString());
        assertEquals(2, run.exit());
        assertEquals(true, run.err().stream().anyMatch(l -> l.contains(config + ":2:21: platform.backend = process: a project file cannot turn "
                + "isolation off") && l.contains("faas up --backend process")), run.err().toString());
    }

    @Test
    void theFlagWinsOverTheFileAndNamesABackend() {
        assertEquals(BackendKind.PROCESS, BackendChoice.chosen("Process", BackendKind.DOCKER));
        assertEquals(BackendKind.DOCKER, BackendChoice.chosen(null, BackendKind.DOCKER));
        assertThrows(IllegalArgumentException.class, () -> BackendChoice.chosen("cloud", BackendKind.AUTO));
    }

    @Test
    void aConfigurationWithProblemsIsExitTwoWithItsProblems() throws Exception {
        Path config = Files.writeString(dir.resolve("bad.yaml"), "service: s\nplatform: {backend: cloud}\nfunctions: {}\n");
        ValidateCommandTest.Run run = ValidateCommandTest.faas("backend", config.toString());
        assertEquals(2, run.exit());
        assertEquals(List.of(), run.out());
        assertEquals(true, run.err().stream().anyMatch(l -> l.contains("backend")), run.err().toString());
    }
}
