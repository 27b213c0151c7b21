package io.localfaas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code faas up} refuses bad input before it touches Docker: exit 2, one line per problem, no stack trace. */
class UpCommandTest {
    @TempDir
    Path dir;

    /** Every command answers --help (the faas script passes `up --help` straight to it, before any Docker set-up). */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"up", "invoke", "validate", "backend", "logs", "event"})
    void helpIsUsageAndExitZero(String command) {
        ValidateCommandTest.Run run = ValidateCommandTest.faas(command, "--help");
        assertEquals(0, run.exit(), run.err().toString());
        assertEquals(true, run.out().get(0).startsWith("Usage: faas " + command + " "), run.out().toString());
    }

    @Test
    void aBadEnvFileIsRefusedWithItsLine() throws Exception {
        Path env = dir.resolve("dev.env");
        Files.writeString(env, "GOOD=1\nFC_SECRET=x\n[nobody]\nA=1\n");
        ValidateCommandTest.Run run = ValidateCommandTest.faas("up", Path.of("..", "config", "hello.yaml").toString(), "--env-file", env.toString());
        assertEquals(2, run.exit());
        assertEquals(List.of(env + ":2:1: FC_SECRET: the FC_ prefix is reserved for the platform"), run.err());
    }

    @Test
    void anEnvFileSectionNamingNoFunctionIsRefused() throws Exception {
        Path env = dir.resolve("dev.env");
        Files.writeString(env, "[nobody]\nA=1\n");
        Path config = Path.of("..", "config", "hello.yaml");
        ValidateCommandTest.Run run = ValidateCommandTest.faas("up", config.toString(), "--env-file", env.toString());
        assertEquals(2, run.exit());
        assertEquals(List.of(env + ":1:1: [nobody]: no function nobody in " + config + " (functions: hello)"), run.err());
    }

    @Test
    void aMissingEnvFileIsOneLine() {
        Path env = dir.resolve("none.env");
        ValidateCommandTest.Run run = ValidateCommandTest.faas("up", Path.of("..", "config", "hello.yaml").toString(), "--env-file", env.toString());
        assertEquals(2, run.exit());
        assertEquals(List.of(env + ": no such file"), run.err());
    }

    private Path mixed() throws Exception {
        Files.createDirectories(dir.resolve("code"));
        return Files.writeString(dir.resolve("mixed.yaml"), """
                service: s
                functions:
                  web: {runtime: nodejs18, codeUri: ./code, handler: index.handler}
                  legacy: {runtime: php7.2, codeUri: ./code, handler: index.handler}
                """);
    }

    @Test
    void aRefusedFunctionsMessageOffersOnlyWithTheFunctionsThatWouldRun() throws Exception {
        ValidateCommandTest.Run run = ValidateCommandTest.faas("up", mixed().toString());
        assertEquals(2, run.exit());
        assertEquals("to run the functions without problems: faas up --only web", run.err().get(run.err().size() - 1), run.err().toString());
    }

    @Test
    void onlyANameTheFileLacksIsRefused() throws Exception {
        Path config = mixed();
        ValidateCommandTest.Run run = ValidateCommandTest.faas("up", config.toString(), "--only", "web,nope");
        assertEquals(2, run.exit());
        assertEquals(List.of(config + ": --only nope: no such function; the file declares web, legacy"), run.err());
    }

    /** The faas script asks for the backend before up: a file whose refused functions --only may leave out still answers. */
    @Test
    void backendAnswersWhenOnlySomeFunctionsAreRefused() throws Exception {
        ValidateCommandTest.Run run = ValidateCommandTest.faas("backend", mixed().toString());
        assertEquals(0, run.exit(), run.err().toString());
        assertEquals(true, List.of("docker", "process").contains(run.out().get(0)), run.out().toString());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"off, 0", "OFF, 0", "0, 0", "1, 1", " 4 , 4", "16, 16"})
    void stemCellsAreOffOrANumber(String flag, int expected) {
        assertEquals(expected, UpCommand.stemCells(flag));
    }

    /** The command line wins over the file's platform.stemCells; without either, off. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(nullValues = "none", value = {"none, 0, 0", "none, 3, 3", "off, 3, 0", "2, 3, 2", "5, 0, 5"})
    void theStemCellsFlagWinsOverTheFile(String flag, int inFile, int expected) {
        io.localfaas.spec.PlatformSpec d = io.localfaas.spec.PlatformSpec.DEFAULTS;
        io.localfaas.spec.PlatformSpec platform = new io.localfaas.spec.PlatformSpec(d.host(), d.port(), d.startTimeout(), d.maxQueueWait(),
                d.maxColdStarts(), d.backend(), d.imageCacheSize(), d.adminToken(), d.maxQueue(), d.maxBodyBytes(), d.maxAsyncBodyBytes(), inFile);
        assertEquals(expected, UpCommand.stemCells(flag, platform));
    }

    @Test
    void aBadStemCellsValueIsRefusedBeforeTheEngineIsAsked() {
        ValidateCommandTest.Run run = ValidateCommandTest.faas("up", Path.of("..", "config", "hello.yaml").toString(), "--stem-cells", "lots");
        assertEquals(2, run.exit(), run.err().toString());
        assertEquals(List.of("faas: error: --stem-cells takes off or a number of stem cells per runtime from 1 to 16, not lots"), run.err());
    }
}
