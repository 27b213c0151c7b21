package io.localfaas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code faas invoke}: bad input is exit 2 with one line, before any engine is touched; the platform state file. */
class InvokeCommandTest {
    private static final String HELLO = Path.of("..", "config", "hello.yaml").toString();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            hello -e a.json --data x        | faas: error: give the event with -e or --data, not both
            hello -e /nonexistent/e.json    | faas: error: no such event file: /nonexistent/e.json
            hello -H no-colon               | faas: error: -H takes 'NAME: value', not no-colon
            nobody                          | faas: error: no function nobody in CONFIG (functions: hello)
            hello --debug-port 70000        | faas: error: --debug-port takes a port 1-65535, not 70000
            """)
    void badInputIsExitTwo(String args, String expected) {
        List<String> argv = new java.util.ArrayList<>(List.of("invoke"));
        String[] parts = args.split(" ");
        argv.add(parts[0]);
        argv.add(HELLO);
        argv.addAll(List.of(parts).subList(1, parts.length));
        ValidateCommandTest.Run run = ValidateCommandTest.faas(argv.toArray(String[]::new));
        assertEquals(2, run.exit(), run.err().toString());
        assertEquals(List.of(expected.replace("CONFIG", HELLO)), run.err());
    }

    @Test
    void httpFlagsNeedAnHttpTrigger() throws Exception {
        Files.createDirectory(dir.resolve("code"));
        Path config = dir.resolve("app.yaml");
        Files.writeString(config, "service: s\nfunctions:\n  f: {runtime: nodejs18, codeUri: code, handler: index.handler}\n");
        ValidateCommandTest.Run run = ValidateCommandTest.faas("invoke", "f", config.toString(), "--path", "/x");
        assertEquals(2, run.exit());
        assertEquals(List.of("faas: error: function f has no HTTP trigger: drop --path/--method/-H to invoke it with an event"), run.err());
    }

    @Test
    void theStateFileIsPrivateAndNamesThisProcess() throws Exception {
        Path file = PlatformState.write(dir, "http://127.0.0.1:1234", Optional.of("0123456789abcdef0123"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(Optional.of(new PlatformState.Running("http://127.0.0.1:1234", ProcessHandle.current().pid(),
                Optional.of("0123456789abcdef0123"))), PlatformState.read(dir));
        PlatformState.remove(file);
        assertEquals(Optional.empty(), PlatformState.read(dir));
    }

    @Test
    void aStateFileOfADeadProcessIsIgnored() throws Exception {
        Files.writeString(dir.resolve(PlatformState.FILE), "{\"url\":\"http://127.0.0.1:1\",\"pid\":999999999}", StandardCharsets.UTF_8);
        assertEquals(Optional.empty(), PlatformState.read(dir));
    }

    @Test
    void errorDetailReadsFcsErrorBody() {
        assertEquals(" (TypeError: boom)", InvokeCommand.errorDetail("{\"errorMessage\":\"boom\",\"errorType\":\"TypeError\"}".getBytes(StandardCharsets.UTF_8)));
        assertTrue(InvokeCommand.errorDetail("plain".getBytes(StandardCharsets.UTF_8)).isEmpty());
    }
}
