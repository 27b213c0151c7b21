package io.localfaas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class LogsCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void printsTheLastLinesOfTheFunctionsFile() throws Exception {
        Path f = dir.resolve("svc").resolve("fn.log");
        Files.createDirectories(f.getParent());
        Files.writeString(f, "i1 r1 one\ni1 r2 two\ni1 - three\n");
        assertEquals(0, run("logs", "fn", "--dir", dir.toString(), "-n", "2"));
        assertEquals("i1 r2 two\ni1 - three\n", out.toString().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void controlCharactersInTheFileAreShownEscaped() throws Exception {
        Path f = dir.resolve("svc").resolve("fn.log");
        Files.createDirectories(f.getParent());
        Files.writeString(f, "i1 r1 \u001b]0;title\u0007 \u009bx\n"); // (a CR ends a line for the reader; the platform writes it escaped)
        assertEquals(0, run("logs", "fn", "--dir", dir.toString()));
        assertEquals("i1 r1 \\x1b]0;title\\x07 \\x9bx\n", out.toString().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void anUnknownFunctionIsAClearError() {
        assertEquals(1, run("logs", "nope", "--dir", dir.toString()));
        assertTrue(err.toString().contains("no logs for function nope"), err.toString());
    }

    @Test
    void twoServicesWithTheFunctionNeedService() throws Exception {
        for (String s : new String[] {"a", "b"}) {
            Files.createDirectories(dir.resolve(s));
            Files.writeString(dir.resolve(s).resolve("fn.log"), s + "\n");
        }
        assertEquals(2, run("logs", "fn", "--dir", dir.toString()));
        assertTrue(err.toString().contains("--service"), err.toString());
        assertEquals(0, run("logs", "fn", "--dir", dir.toString(), "--service", "b"));
        assertEquals("b", out.toString().strip());
    }

    @Test
    void followPrintsLinesAppendedLaterUntilInterrupted() throws Exception {
        Path f = dir.resolve("svc").resolve("fn.log");
        Files.createDirectories(f.getParent());
        Files.writeString(f, "old\n");
        Thread follower = new Thread(() -> run("logs", "fn", "--dir", dir.toString(), "-f"));
        follower.start();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> out.toString().contains("old"));
            Files.writeString(f, "new line\n", StandardOpenOption.APPEND);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> out.toString().contains("new line"));
        } finally {
            follower.interrupt();
            follower.join(10_000);
        }
        assertFalse(follower.isAlive(), "interrupting ends the follow");
    }
}
