package io.localfaas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.localfaas.spec.AppSpec;
import io.localfaas.spec.FunctionSpec;
import io.localfaas.spec.SpecLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** --debug FUNCTION[:PORT]: parsing, and what it changes in the function. */
class DebugTargetTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            web,        web,  0
            web:9339,   web,  9339
            my-fn:5005, my-fn, 5005
            """)
    void parses(String text, String function, int port) {
        assertEquals(Optional.of(new DebugTarget(function, port)), DebugTarget.parse(text));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            web:,
            web:0,
            web:70000,
            web:x,
            :9229,
            """)
    void refuses(String text) {
        assertEquals(Optional.empty(), DebugTarget.parse(text));
    }

    @Test
    void aNodeFunctionGetsTheInspectorOneInstanceAndLongTimeouts() throws Exception {
        AppSpec app = SpecLoader.load(Path.of("..", "config", "greetings.yaml"));
        AppSpec debug = new DebugTarget("echo", 0).apply(app);
        FunctionSpec echo = debug.function("echo").orElseThrow();
        assertEquals("--inspect=127.0.0.1:9229", echo.environment().get("NODE_OPTIONS"));
        assertEquals(List.of(1, 1, Duration.ofSeconds(600), Duration.ofSeconds(300)),
                List.of(echo.minInstances(), echo.maxInstances(), echo.timeout(), echo.initializationTimeout()));
        assertEquals(app.function("hello"), debug.function("hello"), "other functions are untouched");
    }

    @Test
    void aJavaFunctionGetsJdwp() throws Exception {
        AppSpec app = SpecLoader.load(Path.of("..", "config", "java-hello.yaml"));
        String name = app.functions().get(0).name();
        FunctionSpec fn = new DebugTarget(name, 5006).apply(app).function(name).orElseThrow();
        assertEquals("-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:5006", fn.environment().get("JAVA_TOOL_OPTIONS"));
    }

    @Test
    void forInvokeTheRuntimeWaitsForTheDebuggerAndThePlatformWaitsForIt() throws Exception {
        AppSpec node = new DebugTarget("echo", 0).apply(SpecLoader.load(Path.of("..", "config", "greetings.yaml")), true);
        assertEquals("--inspect-brk=127.0.0.1:9229", node.function("echo").orElseThrow().environment().get("NODE_OPTIONS"));
        assertEquals(Duration.ofSeconds(600), node.platform().startTimeout());
        AppSpec java = SpecLoader.load(Path.of("..", "config", "java-hello.yaml"));
        String name = java.functions().get(0).name();
        assertEquals("-agentlib:jdwp=transport=dt_socket,server=y,suspend=y,address=127.0.0.1:5005",
                new DebugTarget(name, 0).apply(java, true).function(name).orElseThrow().environment().get("JAVA_TOOL_OPTIONS"));
        assertEquals(java.platform(), new DebugTarget(name, 0).apply(java).platform(), "faas up --debug keeps the platform's start timeout");
        assertEquals("  the instance waits for a debugger before it runs (up to 600 s): attach, and the invocation goes on",
                new DebugTarget(name, 0).howToAttach(io.localfaas.spec.Runtime.JAVA17, true).get(3));
    }

    @Test
    void anUnknownFunctionIsNamed() throws Exception {
        AppSpec app = SpecLoader.load(Path.of("..", "config", "greetings.yaml"));
        assertEquals("--debug nope: no such function (functions: hello, echo)",
                assertThrows(IllegalArgumentException.class, () -> new DebugTarget("nope", 0).apply(app)).getMessage());
    }
}
