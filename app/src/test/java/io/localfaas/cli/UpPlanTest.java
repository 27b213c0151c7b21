package io.localfaas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * How the {@code faas} script learns what {@code faas up ARGS} will run: {@code up}'s own parser reads ARGS (the
 * script once took the function of {@code --debug web} for the configuration file). Every option {@code up} has, with or
 * without a value, before or after CONFIG, leaves CONFIG as the configuration file; options added later are covered
 * without a change here (a value of their type is made up below).
 */
class UpPlanTest {
    @TempDir
    static Path dir;
    static Path config;
    static Path fallback;

    @BeforeEach
    void files() throws Exception {
        Path code = Path.of("..", "sample-functions", "hello").toAbsolutePath().normalize();
        String yaml = Files.readString(Path.of("..", "config", "hello.yaml"))
                .replace("codeUri: ../sample-functions/hello", "codeUri: " + code);
        config = Files.writeString(dir.resolve("my app.yaml"), yaml);
        fallback = Files.writeString(dir.resolve("default.yaml"), yaml);
        Files.writeString(dir.resolve("dev.env"), "A=1\n");
    }

    private static CommandLine.Model.CommandSpec up() {
        return new CommandLine(new Main()).getSubcommands().get("up").getCommandSpec();
    }

    /** A value of the option's type: what a user could type (a port, a duration, a file, a function name). */
    private static String sample(OptionSpec o) {
        Class<?> type = o.type();
        if (type == Integer.class || type == int.class) {
            return "9000";
        }
        if (type == Duration.class) {
            return "5s";
        }
        if (type == Path.class) {
            return dir.resolve("dev.env").toString();
        }
        if (java.util.Map.class.isAssignableFrom(type)) {
            return "NAME=" + dir; // a repeatable KEY=VALUE option (such as --layer NAME=PATH)
        }
        if (type.isEnum()) {
            return type.getEnumConstants()[0].toString().toLowerCase(java.util.Locale.ROOT);
        }
        return o.longestName().equals("--host") ? "127.0.0.1" : "hello";
    }

    static Stream<Arguments> everyOption() {
        List<Arguments> rows = new ArrayList<>();
        for (OptionSpec o : up().options()) {
            if (o.usageHelp() || o.versionHelp()) {
                continue;
            }
            List<String> option = new ArrayList<>(List.of(o.longestName()));
            if (o.arity().min() > 0) {
                option.add(sample(o));
            }
            rows.add(Arguments.of(o.longestName(), option));
        }
        assertTrue(rows.size() >= 7, "up's options: " + rows.size());
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyOption")
    void everyOptionBeforeOrAfterConfigLeavesConfigTheConfigurationFile(String name, List<String> option) {
        for (boolean configFirst : new boolean[] {true, false}) {
            List<String> args = new ArrayList<>(List.of("up"));
            if (configFirst) {
                args.add(config.toString());
                args.addAll(option);
            } else {
                args.addAll(option);
                args.add(config.toString());
            }
            CommandLine main = new CommandLine(new Main());
            CommandLine.ParseResult parsed = main.parseArgs(args.toArray(String[]::new));
            UpCommand up = (UpCommand) parsed.subcommand().commandSpec().userObject();
            assertEquals(config, up.config, args.toString());
            assertTrue(parsed.subcommand().hasMatchedOption(name), args.toString());
            if (option.size() > 1) {
                assertEquals(option.get(1), parsed.subcommand().matchedOption(name).originalStringValues().get(0), args.toString());
            }
        }
    }

    record Run(int exit, List<String> out, List<String> err) {
    }

    private static Run plan(String... upArgs) {
        List<String> args = new ArrayList<>(List.of("up-plan", "--default-config", fallback.toString(), "--"));
        args.addAll(List.of(upArgs));
        ValidateCommandTest.Run r = ValidateCommandTest.faas(args.toArray(String[]::new));
        return new Run(r.exit(), r.out(), r.err());
    }

    private static List<String> planned(Path file, boolean named, int port, boolean isDefault) {
        return List.of("config=" + file, "named=" + named, "backend=process", "port=" + port, "default=" + isDefault);
    }

    @Test
    void debugFunctionBeforeTheConfigIsTheFunctionNotTheFile() {
        Run r = plan("--debug", "hello", config.toString(), "--backend", "process");
        assertEquals(0, r.exit(), r.err().toString());
        assertEquals(planned(config, true, 8080, false), r.out());
    }

    @Test
    void debugFunctionAndPortAfterTheConfig() {
        Run r = plan(config.toString(), "--debug", "hello:9339", "--port", "0", "--backend", "process");
        assertEquals(0, r.exit(), r.err().toString());
        assertEquals(planned(config, true, 0, false), r.out());
    }

    @Test
    void debugAloneTakesTheProjectFileOrTheDefaultAndSaysWhich() {
        // The tests run in app/, which holds no project file: the default the script passes.
        Run r = plan("--debug", "hello", "--port", "9000", "--backend", "process");
        assertEquals(0, r.exit(), r.err().toString());
        assertEquals(planned(fallback, false, 9000, true), r.out());
        assertEquals(1, r.err().size(), r.err().toString());
        assertTrue(r.err().get(0).startsWith("faas: using " + fallback + " (no "), r.err().toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            --help
            -h
            --version
            -V
            """)
    void helpAndVersionNeedNeitherAConfigNorDocker(String flag) {
        Run r = plan(flag);
        assertEquals(new Run(0, List.of("help"), List.of()), r);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            --port                       | Missing required parameter for option '--port'
            --bogus                      | Unknown option: '--bogus'
            a.yaml b.yaml                | Unmatched argument at index 2: 'b.yaml'
            --debug nosuch CONFIG        | faas: error: --debug nosuch: no such function (functions: hello)
            --debug hello:99999 CONFIG   | faas: error: --debug takes FUNCTION or FUNCTION:PORT (1-65535), not hello:99999
            --port x CONFIG              | Invalid value for option '--port'
            """)
    void badArgumentsAreRefusedBeforeAnythingIsSetUp(String args, String firstLine) {
        Run r = plan(Stream.of(args.split(" ")).map(a -> a.equals("CONFIG") ? config.toString() : a).toArray(String[]::new));
        assertEquals(2, r.exit(), r.toString());
        assertEquals(List.of(), r.out());
        assertTrue(r.err().get(0).startsWith(firstLine), r.err().toString());
    }

    @Test
    void aConfigurationWithProblemsIsRefusedWithThem() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "service: s\nfunctions:\n  f:\n    runtime: cobol\n");
        Run r = plan(bad.toString(), "--watch");
        assertEquals(2, r.exit());
        assertTrue(r.err().stream().anyMatch(l -> l.startsWith(bad + ":4:")), r.err().toString());
    }
}
