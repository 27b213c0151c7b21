package io.localfaas.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.localfaas.spec.AppSpec;
import io.localfaas.spec.FunctionSpec;
import io.localfaas.spec.Runtime;

/**
 * {@code --debug FUNCTION[:PORT]}: the function runs one instance, started at once and kept, with FC's longest timeouts
 * (600 s per request, 300 s for the initializer: localfaas cannot tell when a debugger holds a breakpoint, so the limits
 * are extended rather than suspended), and its runtime listens for a debugger on a loopback port: the Node inspector
 * ({@code NODE_OPTIONS=--inspect=127.0.0.1:PORT}, default 9229) or the JVM's JDWP agent ({@code JAVA_TOOL_OPTIONS=
 * -agentlib:jdwp=...,address=127.0.0.1:PORT}, default 5005). Instances use host networking, so the port is the host's.
 * For {@code faas invoke --debug}, the instance waits for the debugger before it runs ({@code --inspect-brk},
 * {@code suspend=y}; the platform's start timeout extended to {@link #ATTACH_WAIT}), since a single invocation would
 * otherwise be over before anyone could attach.
 */
record DebugTarget(String function, int port) {
    static final Duration TIMEOUT = Duration.ofSeconds(600);
    static final Duration INIT_TIMEOUT = Duration.ofSeconds(300);
    static final Duration IDLE = Duration.ofHours(24);
    /** How long an instance that waits for a debugger may take to start ({@code faas invoke --debug}). */
    static final Duration ATTACH_WAIT = Duration.ofSeconds(600);

    /** {@code FUNCTION} or {@code FUNCTION:PORT}; empty (the caller says why) when malformed. Pure. */
    static Optional<DebugTarget> parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            return text.isBlank() ? Optional.empty() : Optional.of(new DebugTarget(text, 0));
        }
        try {
            int port = Integer.parseInt(text.substring(colon + 1));
            return port >= 1 && port <= 65535 && colon > 0 ? Optional.of(new DebugTarget(text.substring(0, colon), port)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The port, or the runtime's usual one (9229 Node, 5005 JVM). */
    int portFor(Runtime runtime) {
        return port != 0 ? port : runtime == Runtime.JAVA17 ? 5005 : 9229;
    }

    /** {@code app} with this function set up for a debugger; a problem message when it cannot be. */
    AppSpec apply(AppSpec app) throws IllegalArgumentException {
        return apply(app, false);
    }

    /**
     * As {@link #apply(AppSpec)}; with {@code waitForDebugger}, the function's runtime waits for a debugger to attach
     * before it runs, and the platform waits that long ({@link #ATTACH_WAIT}) for the instance to start.
     */
    AppSpec apply(AppSpec app, boolean waitForDebugger) throws IllegalArgumentException {
        FunctionSpec fn = app.function(function).orElseThrow(() -> new IllegalArgumentException("--debug " + function + ": no such function (functions: "
                + String.join(", ", app.functions().stream().map(FunctionSpec::name).toList()) + ")"));
        int p = portFor(fn.runtime());
        Map<String, String> env = new LinkedHashMap<>(fn.environment());
        switch (fn.runtime()) {
            case NODEJS18 -> env.merge("NODE_OPTIONS", (waitForDebugger ? "--inspect-brk=" : "--inspect=") + "127.0.0.1:" + p,
                    (a, b) -> a + " " + b);
            case JAVA17 -> env.merge("JAVA_TOOL_OPTIONS", "-agentlib:jdwp=transport=dt_socket,server=y,suspend=" + (waitForDebugger ? "y" : "n")
                    + ",address=127.0.0.1:" + p, (a, b) -> a + " " + b);
            default -> throw new IllegalArgumentException("--debug " + function + ": a " + fn.runtime().id()
                    + " function cannot be debugged by localfaas (start your image's own debugger)");
        }
        FunctionSpec debug = fn.withEnvironment(env).withLimits(1, 1, TIMEOUT, INIT_TIMEOUT, IDLE);
        List<FunctionSpec> functions = new ArrayList<>();
        for (FunctionSpec f : app.functions()) {
            functions.add(f.name().equals(function) ? debug : f);
        }
        return new AppSpec(app.source(), app.service(), waitForDebugger ? app.platform().withStartTimeout(ATTACH_WAIT) : app.platform(),
                functions, app.timers());
    }

    /** What to tell the user: where the debugger listens and how to attach. */
    List<String> howToAttach(Runtime runtime) {
        return howToAttach(runtime, false);
    }

    /** As {@link #howToAttach(Runtime)}; {@code waiting}: the instance waits for the debugger before it runs. */
    List<String> howToAttach(Runtime runtime, boolean waiting) {
        List<String> lines = new ArrayList<>(attach(runtime));
        if (waiting) {
            lines.add("  the instance waits for a debugger before it runs (up to " + ATTACH_WAIT.toSeconds()
                    + " s): attach, and the invocation goes on");
        }
        return lines;
    }

    private List<String> attach(Runtime runtime) {
        int p = portFor(runtime);
        if (runtime == Runtime.JAVA17) {
            return List.of("debugging " + function + ": the JVM's JDWP agent listens on 127.0.0.1:" + p
                            + " (one instance; timeouts extended to 600 s, initializer 300 s)",
                    "  IntelliJ: Run > Edit Configurations > Remote JVM Debug, host 127.0.0.1, port " + p,
                    "  VS Code (launch.json): {\"type\": \"java\", \"request\": \"attach\", \"name\": \"" + function
                            + "\", \"hostName\": \"127.0.0.1\", \"port\": " + p + "}");
        }
        return List.of("debugging " + function + ": the Node inspector listens on 127.0.0.1:" + p
                        + " (one instance; timeouts extended to 600 s, initializer 300 s)",
                "  VS Code (launch.json): {\"type\": \"node\", \"request\": \"attach\", \"name\": \"" + function
                        + "\", \"address\": \"127.0.0.1\", \"port\": " + p + ", \"localRoot\": \"${workspaceFolder}\", \"remoteRoot\": \"/code\"}",
                "  Chrome: chrome://inspect, Configure... 127.0.0.1:" + p + "; or curl http://127.0.0.1:" + p + "/json/list");
    }
}
