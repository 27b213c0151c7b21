package io.localfaas.cli;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.localfaas.events.FcEvents;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code faas event TYPE}: prints a sample FC event to start from ({@code faas event oss > event.json}). */
@Command(name = "event", description = "Print a sample Function Compute event (timer, oss, http, mns) to start from.")
final class EventCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "TYPE", description = "one of: timer, oss, http, mns")
    String type;

    @Parameters(index = "1", arity = "0..1", paramLabel = "FUNCTION", description = "http: the function whose HTTP trigger's "
            + "style decides what it gets (FC 3.0: this event; FC 2: the request itself, no event)")
    String function;

    @Parameters(index = "2", arity = "0..1", paramLabel = "CONFIG", description = "the configuration holding FUNCTION "
            + "(default: as for faas up)")
    java.nio.file.Path config;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
        if (type == null) {
            spec.commandLine().getOut().println(String.join("\n", FcEvents.TYPES));
            return 0;
        }
        if (function != null && type.equals("http")) {
            Optional<Integer> fc2 = fc2HttpFunction();
            if (fc2.isPresent()) {
                return fc2.get();
            }
        }
        Optional<String> sample = FcEvents.sample(type, clock.instant());
        if (sample.isEmpty()) {
            spec.commandLine().getErr().println("faas: error: unknown event type " + type + "; known: " + String.join(", ", FcEvents.TYPES));
            return 2;
        }
        spec.commandLine().getOut().println(sample.get());
        return 0;
    }

    /**
     * For {@code faas event http FUNCTION}: when FUNCTION's HTTP trigger passes the request through (FC 2's style, or a
     * custom container), says so and returns the exit code; empty when it gets FC 3.0's event (printed by the caller).
     */
    private Optional<Integer> fc2HttpFunction() {
        java.io.PrintWriter err = spec.commandLine().getErr();
        Optional<io.localfaas.spec.AppSpec> app = ConfigFiles.load(ProjectFiles.orHere(config, err), err);
        if (app.isEmpty()) {
            return Optional.of(2);
        }
        Optional<io.localfaas.spec.FunctionSpec> fn = app.get().function(function);
        if (fn.isEmpty()) {
            err.println("faas: error: no function " + function + " in " + app.get().source());
            return Optional.of(2);
        }
        boolean event = fn.get().triggers().stream().anyMatch(t -> t.style().eventFor(fn.get().runtime()));
        if (event) {
            return Optional.empty();
        }
        spec.commandLine().getOut().println("function " + function + " gets an HTTP trigger's request passed through (FC 2's "
                + "style: Node.js (request, response, context), Java HttpRequestHandler), not an event: send it a request with curl; "
                + "for FC 3.0's event, use an s.yaml with component: fc3 or fcVersion: 3");
        return Optional.of(0);
    }
}
